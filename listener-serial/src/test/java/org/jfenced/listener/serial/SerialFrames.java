package org.jfenced.listener.serial;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** serial_req_t frames as fence_virt writes them, for tests. */
final class SerialFrames {

    /** Vector 3 of the protocol notes: {@code fence_virt … -o status -n guest1}, seqno 462663. */
    static final byte[] STATUS_GUEST1 = HexFormat.of().parseHex(
            "6162626104006775657374310000000000000000000000000000000000000000"
            + "0000000000000000000000000000000000000000000000000000000000000000"
            + "000000000000470f0700");
    /** Vector 5: {@code -o list}, seqno 470187. */
    static final byte[] LIST = HexFormat.of().parseHex(
            "6162626106000000000000000000000000000000000000000000000000000000"
            + "0000000000000000000000000000000000000000000000000000000000000000"
            + "000000000000ab2c0700");

    private SerialFrames() {
    }

    static byte[] frame(int request, String domain, long seqno) {
        ByteBuffer b = ByteBuffer.allocate(SerialFrameDecoder.FRAME_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(SerialFrameDecoder.MAGIC).put((byte) request).put((byte) 0);
        byte[] d = domain.getBytes(StandardCharsets.UTF_8);
        b.put(d).position(6 + 64);
        b.putInt((int) seqno);
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }
}
