/**
 * SHA-256 through OpenSSL's libcrypto when it can be loaded, the JDK's otherwise:
 * {@link org.jfenced.nativelib.crypto.Sha256Factory#system()} picks one, and every
 * {@link org.jfenced.nativelib.crypto.Sha256} it makes gives the same digests either way.
 */
package org.jfenced.nativelib.crypto;
