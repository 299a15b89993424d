package org.jfenced.admin;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceResult;

/** How admin answers write names, times and durations: the same way in every command. */
final class Formats {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private Formats() {
    }

    /** As the clients name actions: {@code off}, {@code status}, {@code list}. */
    static String action(FenceAction a) {
        return a == FenceAction.HOSTLIST ? "list" : lower(a);
    }

    /** For JSON: {@code success}, {@code permission_denied}. */
    static String key(Enum<?> e) {
        return lower(e);
    }

    /** For people: {@code success}, {@code permission denied}. */
    static String words(Enum<?> e) {
        return lower(e).replace('_', ' ');
    }

    static String result(FenceResult r) {
        return words(r);
    }

    /** Local time to the second, with the zone, for a start time. */
    static String time(Instant t) {
        return SECONDS.format(t.atZone(ZoneId.systemDefault()));
    }

    /** Local time to the millisecond, for history rows. */
    static String timeMillis(Instant t) {
        return MILLIS.format(t.atZone(ZoneId.systemDefault()));
    }

    /** {@code 45s}, {@code 3m 12s}, {@code 5h 2m}, {@code 12d 4h}. */
    static String uptime(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m " + s % 60 + "s";
        }
        if (s < 86400) {
            return s / 3600 + "h " + s % 3600 / 60 + "m";
        }
        return s / 86400 + "d " + s % 86400 / 3600 + "h";
    }

    /** {@code 0.4 ms}, {@code 12 ms}, {@code 2.5 s}. */
    static String duration(Duration d) {
        double ms = d.toNanos() / 1e6;
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        if (ms < 10_000) {
            return String.format(Locale.ROOT, "%.0f ms", ms);
        }
        return String.format(Locale.ROOT, "%.1f s", ms / 1000);
    }

    /** Milliseconds to the microsecond, for JSON. */
    static BigDecimal millis(Duration d) {
        return BigDecimal.valueOf(d.toNanos()).divide(BigDecimal.valueOf(1_000_000), 3, RoundingMode.HALF_UP)
                .stripTrailingZeros();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
