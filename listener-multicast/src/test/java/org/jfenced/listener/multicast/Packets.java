package org.jfenced.listener.multicast;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.jfenced.xvm.wire.FenceWireRequest;
import org.jfenced.xvm.wire.HashType;
import org.jfenced.xvm.wire.RequestCodec;

/** Requests as fence_xvm sends them: captured ones (fence-xvm-protocol.md §21) and freshly signed ones. */
final class Packets {

    static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Vector 4: Debian's fence_xvm, status of vm1, callback 127.0.0.1:1229, signed sha256 with this key. */
    static final byte[] KEY16 = HEX.parseHex("865f5cab05215b54017b455577396b00");
    static final byte[] STATUS_VM1 = HEX.parseHex("04020400766d31" + "00".repeat(61) + "7f000001" + "00".repeat(24)
            + "cd0431957f05c656e753060002000000"
            + "ee72d90de0716f08fb3c8fcb1ca595f5aeca53d6cadc2735072980b0fb2116bb" + "00".repeat(32));

    private Packets() {
    }

    /** A request signed with {@code hash}, calling back {@code address:port}. */
    static byte[] signed(int request, String domain, long seqno, InetAddress address, int port, HashType hash,
            byte[] key) {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        int family = address.getAddress().length == 4 ? FenceWireRequest.FAMILY_INET : FenceWireRequest.FAMILY_INET6;
        return RequestCodec.encode(request, hash, domain, address.getAddress(), port, seqno, family, random, key);
    }

    static byte[] signed(int request, String domain, long seqno, InetAddress address, int port, byte[] key) {
        return signed(request, domain, seqno, address, port, HashType.SHA256, key);
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static InetAddress ipOf(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] randomKey(int length) {
        byte[] k = new byte[length];
        RANDOM.nextBytes(k);
        return k;
    }
}
