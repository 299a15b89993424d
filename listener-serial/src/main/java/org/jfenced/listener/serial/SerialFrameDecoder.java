package org.jfenced.listener.serial;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the byte stream of one guest port into {@code serial_req_t} frames (74 bytes: the magic
 * {@code "abba"}, request, flags, a 64-byte domain, a little-endian seqno). Whatever precedes a magic
 * — line noise, a console's echo, a client that gave up half way — is skipped, so the stream
 * resynchronises on the next magic; nothing that is not a whole frame is ever returned.
 */
final class SerialFrameDecoder {

    static final int MAGIC = 0x61626261;
    static final int FRAME_LENGTH = 74;
    private static final byte[] MAGIC_BYTES = {0x61, 0x62, 0x62, 0x61};
    private static final int DOMAIN_OFFSET = 6;
    private static final int DOMAIN_LENGTH = 64;

    private final byte[] pending = new byte[FRAME_LENGTH * 2];
    private int length;
    private long skipped;

    /** Takes {@code n} more bytes of the stream and returns the frames they complete, in order. */
    List<SerialRequest> feed(byte[] bytes, int off, int n) {
        List<SerialRequest> frames = new ArrayList<>(1);
        for (int i = off; i < off + n; ) {
            int take = Math.min(off + n - i, pending.length - length);
            System.arraycopy(bytes, i, pending, length, take);
            length += take;
            i += take;
            drain(frames);
        }
        return frames;
    }

    /** Bytes thrown away so far because they were not part of a frame. */
    long skipped() {
        return skipped;
    }

    private void drain(List<SerialRequest> frames) {
        while (true) {
            int start = magicAt();
            discard(start);
            if (length < FRAME_LENGTH) {
                return;
            }
            frames.add(decode(pending));
            shift(FRAME_LENGTH);
        }
    }

    /** Where the next magic starts, or where a magic cut off by the end of the buffer may start. */
    private int magicAt() {
        for (int i = 0; i < length; i++) {
            int m = 0;
            while (m < MAGIC_BYTES.length && i + m < length && pending[i + m] == MAGIC_BYTES[m]) {
                m++;
            }
            if (m == MAGIC_BYTES.length || i + m == length) {
                return i;
            }
        }
        return length;
    }

    private void discard(int count) {
        skipped += count;
        shift(count);
    }

    private void shift(int count) {
        System.arraycopy(pending, count, pending, 0, length - count);
        length -= count;
    }

    static SerialRequest decode(byte[] frame) {
        ByteBuffer b = ByteBuffer.wrap(frame, 0, FRAME_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        int request = frame[4] & 0xff;
        int flags = frame[5] & 0xff;
        int end = DOMAIN_OFFSET;
        while (end < DOMAIN_OFFSET + DOMAIN_LENGTH && frame[end] != 0) {
            end++;
        }
        String domain = new String(frame, DOMAIN_OFFSET, end - DOMAIN_OFFSET, StandardCharsets.UTF_8);
        long seqno = Integer.toUnsignedLong(b.getInt(DOMAIN_OFFSET + DOMAIN_LENGTH));
        return new SerialRequest(request, flags, domain, seqno);
    }
}
