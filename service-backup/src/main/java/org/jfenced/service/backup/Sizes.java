package org.jfenced.service.backup;

import java.time.Duration;
import java.util.Locale;

/** Bytes, rates and durations as people read them: binary units, one decimal. */
final class Sizes {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Sizes() {
    }

    static String bytes(long n) {
        double v = n;
        int unit = 0;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return unit == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }

    static String rate(long bytes, long nanos) {
        if (nanos <= 0) {
            return "- /s";
        }
        return bytes((long) (bytes * 1e9 / nanos)) + "/s";
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return String.format(Locale.ROOT, "%.2fs", d.toMillis() / 1000.0);
        }
        if (s < 3600) {
            return (s / 60) + "m " + (s % 60) + "s";
        }
        return (s / 3600) + "h " + (s % 3600 / 60) + "m " + (s % 60) + "s";
    }

    /**
     * A byte count from the config or the command line: a number with an optional unit K, M, G, T
     * (binary, case-insensitive, "iB" or "B" allowed after it).
     */
    static long parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        long factor = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K' -> factor = 1L << 10;
                case 'M' -> factor = 1L << 20;
                case 'G' -> factor = 1L << 30;
                case 'T' -> factor = 1L << 40;
                default -> factor = 1;
            }
            if (factor != 1) {
                t = t.substring(0, t.length() - 1).trim();
            }
        }
        long n = Long.parseLong(t);
        if (n < 0) {
            throw new NumberFormatException("negative: " + text);
        }
        return Math.multiplyExact(n, factor);
    }
}
