package org.jfenced.nativelib.crypto;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The message digest calls of libcrypto ({@code <openssl/evp.h>}, OpenSSL 1.1 and 3). Interface mapping,
 * not direct: the library's name is chosen at run time, and at one call per chunk of a megabyte its cost
 * (about a microsecond) does not show. Data is passed by address, from direct buffers, never as Java
 * arrays, which interface mapping would copy in and out.
 */
interface EvpLib extends Library {

    /** {@code const EVP_MD *}: static data of the library, never freed. */
    Pointer EVP_sha256();

    Pointer EVP_MD_CTX_new();

    void EVP_MD_CTX_free(Pointer ctx);

    /** 1 on success. */
    int EVP_DigestInit_ex(Pointer ctx, Pointer type, Pointer engine);

    /** 1 on success. */
    int EVP_DigestUpdate(Pointer ctx, Pointer data, long count);

    /** Writes the digest (32 bytes for SHA-256) to {@code md}; 1 on success. */
    int EVP_DigestFinal_ex(Pointer ctx, byte[] md, Pointer size);
}
