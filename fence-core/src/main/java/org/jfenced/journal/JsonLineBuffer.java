package org.jfenced.journal;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * JSON objects as UTF-8 bytes, one a line, straight into a reusable array: the journal writes a line per
 * request, and a JSON library's generator, a String and a charset encoder per line cost more than the
 * rest of the entry. The bytes are those a JSON library writes (Jackson's escapes: a backslash before a
 * quote and a backslash, b t n f r for those control characters, the other control characters as u00XX
 * after a backslash; everything else as it is), so the format does not depend on which of the two wrote
 * a line.
 */
final class JsonLineBuffer {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final long NANOS_PER_MILLI = 1_000_000;

    private byte[] bytes = new byte[4096];
    private int length;
    private boolean firstField;

    /** The bytes so far, for writing out; valid until the next change. */
    ByteBuffer bytes() {
        return ByteBuffer.wrap(bytes, 0, length);
    }

    /** The bytes so far as text, without the last line end. */
    String lastLineless() {
        return new String(bytes, 0, length - 1, StandardCharsets.UTF_8);
    }

    int length() {
        return length;
    }

    void clear() {
        length = 0;
    }

    void startObject() {
        put('{');
        firstField = true;
    }

    /** Ends the object and its line. */
    void endLine() {
        put('}');
        put('\n');
    }

    void field(Key name, String value) {
        name(name);
        string(value);
    }

    void field(Key name, long value) {
        name(name);
        ascii(Long.toString(value));
    }

    /** An instant as {@link Instant#toString()} writes it: UTC, the fraction in groups of three digits. */
    void field(Key name, Instant time) {
        name(name);
        put('"');
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(time.getEpochSecond(), 86_400L));
        if (day.getYear() < 0 || day.getYear() > 9999) {
            ascii(time.toString());
        } else {
            int second = (int) Math.floorMod(time.getEpochSecond(), 86_400L);
            digits(day.getYear(), 4);
            put('-');
            digits(day.getMonthValue(), 2);
            put('-');
            digits(day.getDayOfMonth(), 2);
            put('T');
            digits(second / 3600, 2);
            put(':');
            digits(second / 60 % 60, 2);
            put(':');
            digits(second % 60, 2);
            int nano = time.getNano();
            if (nano != 0) {
                put('.');
                if (nano % 1_000_000 == 0) {
                    digits(nano / 1_000_000, 3);
                } else if (nano % 1000 == 0) {
                    digits(nano / 1000, 6);
                } else {
                    digits(nano, 9);
                }
            }
            put('Z');
        }
        put('"');
    }

    /**
     * Nanoseconds as milliseconds, as the shortest decimal: {@code 0.120836}, {@code 4}. A whole number of
     * ten milliseconds or more is written as the decimal type writes it ({@code 1.2E+2}), as lines always were.
     */
    void millisField(Key name, long nanos) {
        name(name);
        if (nanos < 0 || nanos % (10 * NANOS_PER_MILLI) == 0 && nanos != 0) {
            ascii(BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toString());
            return;
        }
        ascii(Long.toString(nanos / NANOS_PER_MILLI));
        int fraction = (int) (nanos % NANOS_PER_MILLI);
        if (fraction != 0) {
            int digits = 6;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            put('.');
            digits(fraction, digits);
        }
    }

    private void name(Key name) {
        if (!firstField) {
            put(',');
        }
        firstField = false;
        raw(name.bytes, 0, name.bytes.length);
    }

    /** A field's name, quoted and with its colon, ready to copy. */
    static Key key(String name) {
        JsonLineBuffer b = new JsonLineBuffer();
        b.string(name);
        b.put(':');
        return new Key(Arrays.copyOf(b.bytes, b.length));
    }

    /** See {@link #key}. */
    static final class Key {
        private final byte[] bytes;

        private Key(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    /** The text's UTF-8 (a lone surrogate becomes {@code ?}, as the UTF-8 encoder makes it), escaped. */
    private void string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length + 2);
        bytes[length++] = '"';
        int from = 0;
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b >= 0 && (b < 0x20 || b == '"' || b == '\\')) {
                raw(utf8, from, i - from);
                escape(b);
                from = i + 1;
            }
        }
        raw(utf8, from, utf8.length - from);
        put('"');
    }

    private void raw(byte[] b, int from, int n) {
        ensure(n);
        System.arraycopy(b, from, bytes, length, n);
        length += n;
    }

    private void escape(byte c) {
        put('\\');
        switch (c) {
            case '"', '\\' -> put(c);
            case '\b' -> put('b');
            case '\t' -> put('t');
            case '\n' -> put('n');
            case '\f' -> put('f');
            case '\r' -> put('r');
            default -> {
                put('u');
                put('0');
                put('0');
                put(HEX[c >> 4]);
                put(HEX[c & 0xf]);
            }
        }
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
    }

    /** {@code value} in {@code width} decimal digits, zeros in front. */
    private void digits(int value, int width) {
        ensure(width);
        for (int i = length + width - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += width;
    }

    private void put(int b) {
        ensure(1);
        bytes[length++] = (byte) b;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
