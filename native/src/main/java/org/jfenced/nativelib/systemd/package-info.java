/** The systemd service notification protocol: {@link org.jfenced.nativelib.systemd.SdNotify}. */
package org.jfenced.nativelib.systemd;
