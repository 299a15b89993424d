package org.jfenced.xvm.wire;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * A decoded {@code fence_req_t}: the 176-byte request of fence_xvm and fence_virt.
 *
 * @param request the raw command byte (see {@link org.jfenced.spi.FenceAction#fromCode})
 * @param hashType the raw hash type byte that signed this packet
 * @param flags ignored by the daemon, kept for logs
 * @param domain the VM name or UUID, up to the first NUL
 * @param address the 28-byte callback address field (multicast only)
 * @param port the callback port (multicast only)
 * @param seqno the client's sequence number
 * @param family 2 for IPv4, 10 for IPv6, 0 over TCP and vsock
 */
public record FenceWireRequest(int request, int hashType, int flags, String domain, byte[] address, int port,
        long seqno, int family) {

    public static final int FAMILY_INET = 2;
    public static final int FAMILY_INET6 = 10;

    /** The callback address inside the packet, when the family is IPv4 or IPv6. */
    public Optional<InetAddress> callbackAddress() {
        int len = family == FAMILY_INET ? 4 : family == FAMILY_INET6 ? 16 : 0;
        if (len == 0) {
            return Optional.empty();
        }
        byte[] raw = new byte[len];
        System.arraycopy(address, 0, raw, 0, len);
        try {
            return Optional.of(InetAddress.getByAddress(raw));
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4- or 16-byte address is always valid", e);
        }
    }
}
