package org.jfenced.service.backup;

import java.nio.charset.StandardCharsets;

/**
 * The POSIX ustar header, which every tar reads: 512-byte blocks, a header block per entry, the data
 * padded to whole blocks, two zero blocks at the end. Sizes past ustar's 8 GiB limit use the base-256
 * form GNU tar and bsdtar read (high bit of the first byte set, big-endian binary after it).
 */
final class Tar {

    static final int BLOCK = 512;
    private static final int NAME_LENGTH = 100;
    private static final int SIZE_OFFSET = 124;
    private static final int SIZE_LENGTH = 12;
    private static final int CHECKSUM_OFFSET = 148;
    private static final int CHECKSUM_LENGTH = 8;
    private static final long OCTAL_LIMIT = 077777777777L;

    private Tar() {
    }

    /** A header for a regular file of {@code size} bytes, mode 0600, owned by root, dated {@code mtime}. */
    static byte[] header(String name, long size, long mtimeSeconds) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > NAME_LENGTH) {
            throw new IllegalArgumentException("tar entry name longer than 100 bytes: " + name);
        }
        byte[] h = new byte[BLOCK];
        System.arraycopy(nameBytes, 0, h, 0, nameBytes.length);
        octal(h, 100, 8, 0600);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        if (size <= OCTAL_LIMIT) {
            octal(h, SIZE_OFFSET, SIZE_LENGTH, size);
        } else {
            h[SIZE_OFFSET] = (byte) 0x80;
            for (int i = 0; i < 8; i++) {
                h[SIZE_OFFSET + SIZE_LENGTH - 1 - i] = (byte) (size >>> (8 * i));
            }
        }
        octal(h, 136, 12, mtimeSeconds);
        h[156] = '0';
        ascii(h, 257, "ustar");
        ascii(h, 263, "00");
        ascii(h, 265, "root");
        ascii(h, 297, "root");
        for (int i = 0; i < CHECKSUM_LENGTH; i++) {
            h[CHECKSUM_OFFSET + i] = ' ';
        }
        octal(h, CHECKSUM_OFFSET, 7, checksum(h));
        return h;
    }

    /** The entry a header describes, or {@code null} for the zero block that ends an archive. */
    static Entry parse(byte[] h) {
        boolean zero = true;
        for (byte b : h) {
            if (b != 0) {
                zero = false;
                break;
            }
        }
        if (zero) {
            return null;
        }
        long stored = parseOctal(h, CHECKSUM_OFFSET, CHECKSUM_LENGTH);
        byte[] copy = h.clone();
        for (int i = 0; i < CHECKSUM_LENGTH; i++) {
            copy[CHECKSUM_OFFSET + i] = ' ';
        }
        if (checksum(copy) != stored) {
            throw new IllegalStateException("tar header checksum mismatch: not a tar archive, or damaged");
        }
        int end = 0;
        while (end < NAME_LENGTH && h[end] != 0) {
            end++;
        }
        String name = new String(h, 0, end, StandardCharsets.UTF_8);
        long size;
        if ((h[SIZE_OFFSET] & 0x80) != 0) {
            size = 0;
            for (int i = 1; i < SIZE_LENGTH; i++) {
                size = (size << 8) | (h[SIZE_OFFSET + i] & 0xff);
            }
        } else {
            size = parseOctal(h, SIZE_OFFSET, SIZE_LENGTH);
        }
        return new Entry(name, size, h[156]);
    }

    /** Bytes of padding after {@code size} bytes of data. */
    static int padding(long size) {
        int rest = (int) (size % BLOCK);
        return rest == 0 ? 0 : BLOCK - rest;
    }

    record Entry(String name, long size, byte type) {
    }

    private static long checksum(byte[] h) {
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        return sum;
    }

    private static void octal(byte[] h, int offset, int length, long value) {
        String s = Long.toOctalString(value);
        int digits = length - 1;
        if (s.length() > digits) {
            throw new IllegalArgumentException("value " + value + " does not fit a tar header field");
        }
        String padded = "0".repeat(digits - s.length()) + s;
        ascii(h, offset, padded);
        h[offset + digits] = 0;
    }

    private static long parseOctal(byte[] h, int offset, int length) {
        long v = 0;
        for (int i = offset; i < offset + length; i++) {
            byte b = h[i];
            if (b == 0 || b == ' ') {
                if (v != 0) {
                    break;
                }
                continue;
            }
            if (b < '0' || b > '7') {
                throw new IllegalStateException("tar header field is not octal");
            }
            v = v * 8 + (b - '0');
        }
        return v;
    }

    private static void ascii(byte[] h, int offset, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, offset, b.length);
    }
}
