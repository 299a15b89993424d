package org.jfenced.xvm.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Reads, verifies and writes the 176-byte {@code fence_req_t}. Integers are little-endian, as the
 * clients on every supported host write them; the signature covers the raw bytes as received.
 */
public final class RequestCodec {

    public static final int LENGTH = 176;
    public static final int DOMAIN_LENGTH = 64;
    static final int OFF_DOMAIN = 4;
    static final int OFF_ADDRESS = 68;
    static final int ADDRESS_LENGTH = 28;
    static final int OFF_PORT = 96;
    static final int OFF_RANDOM = 98;
    static final int RANDOM_LENGTH = 6;
    static final int OFF_SEQNO = 104;
    static final int OFF_FAMILY = 108;
    static final int OFF_HASH = 112;

    private RequestCodec() {
    }

    /** Decodes a request without checking its signature; {@code raw} must be exactly 176 bytes. */
    public static FenceWireRequest decode(byte[] raw) {
        if (raw.length != LENGTH) {
            throw new IllegalArgumentException("a request is " + LENGTH + " bytes, not " + raw.length);
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int end = OFF_DOMAIN;
        while (end < OFF_DOMAIN + DOMAIN_LENGTH && raw[end] != 0) {
            end++;
        }
        String domain = new String(raw, OFF_DOMAIN, end - OFF_DOMAIN, StandardCharsets.UTF_8);
        return new FenceWireRequest(raw[0] & 0xff, raw[1] & 0xff, raw[3] & 0xff, domain,
                Arrays.copyOfRange(raw, OFF_ADDRESS, OFF_ADDRESS + ADDRESS_LENGTH),
                Short.toUnsignedInt(b.getShort(OFF_PORT)), Integer.toUnsignedLong(b.getInt(OFF_SEQNO)),
                b.getInt(OFF_FAMILY));
    }

    /**
     * fence_virtd's {@code verify_request}: the packet's hash type must be at least {@code minimum}; a
     * signed packet must carry {@code pad64(H(key ‖ packet with hash zeroed))}. The comparison covers
     * all 64 bytes in constant time.
     */
    public static boolean verify(byte[] raw, HashType minimum, byte[] key) {
        if (raw.length != LENGTH) {
            return false;
        }
        HashType type = HashType.fromCode(raw[1] & 0xff);
        if (type == null || type.code() < minimum.code()) {
            return false;
        }
        if (type == HashType.NONE) {
            return true;
        }
        if (key.length == 0) {
            return false;
        }
        byte[] expected = type.digest64(key, Arrays.copyOf(raw, OFF_HASH), new byte[HashType.FIELD_LENGTH]);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, OFF_HASH, LENGTH));
    }

    /**
     * Builds a request as the clients do, signed with {@code hash} (random bytes come from
     * {@code random}, which must be 6 bytes and is ignored for {@link HashType#NONE}).
     */
    public static byte[] encode(int request, HashType hash, String domain, byte[] address, int port, long seqno,
            int family, byte[] random, byte[] key) {
        byte[] name = domain.getBytes(StandardCharsets.UTF_8);
        if (name.length >= DOMAIN_LENGTH) {
            throw new IllegalArgumentException("domain longer than " + (DOMAIN_LENGTH - 1) + " bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) request).put(1, (byte) hash.code()).put(2, (byte) (address == null ? 0 : address.length));
        b.put(OFF_DOMAIN, name);
        if (address != null) {
            b.put(OFF_ADDRESS, address);
        }
        b.putShort(OFF_PORT, (short) port);
        if (hash != HashType.NONE) {
            b.put(OFF_RANDOM, random, 0, RANDOM_LENGTH);
        }
        b.putInt(OFF_SEQNO, (int) seqno).putInt(OFF_FAMILY, family);
        byte[] raw = b.array();
        if (hash != HashType.NONE) {
            byte[] digest = hash.digest64(key, raw);
            System.arraycopy(digest, 0, raw, OFF_HASH, HashType.FIELD_LENGTH);
        }
        return raw;
    }
}
