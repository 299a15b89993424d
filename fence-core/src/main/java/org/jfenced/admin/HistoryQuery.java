package org.jfenced.admin;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jfenced.journal.JournalEntry;
import org.jfenced.journal.JournalLine;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceResult;

/**
 * What {@code history} is asked for: {@code [-n N] [--vm VM] [--since TIME] [--action ACTION] [--result RESULT]}.
 *
 * @param count the newest this many matching entries
 * @param filter which entries match
 */
record HistoryQuery(int count, Predicate<JournalEntry> filter) {

    static final String USAGE = "[-n N] [--vm VM] [--since TIME] [--action ACTION] [--result RESULT]";
    static final int DEFAULT_COUNT = 20;
    private static final Pattern AGO = Pattern.compile("([0-9]{1,9})([smhd])");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd[ ]['T']HH:mm[:ss]");

    /** A command line that cannot be read. */
    static final class BadQuery extends Exception {
        BadQuery(String message) {
            super(message);
        }
    }

    /** @param maxCount the most {@code -n} may ask for */
    static HistoryQuery parse(List<String> args, int maxCount, Clock clock) throws BadQuery {
        int count = DEFAULT_COUNT;
        Predicate<JournalEntry> filter = e -> true;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (i + 1 == args.size()) {
                throw new BadQuery("history: " + option + (option.startsWith("-") ? " needs a value" : " is not an option"));
            }
            String value = args.get(++i);
            switch (option) {
                case "-n" -> count = count(value, maxCount);
                case "--vm" -> filter = filter.and(e -> e.request().target().equalsIgnoreCase(value));
                case "--since" -> {
                    Instant since = since(value, clock);
                    filter = filter.and(e -> !e.time().isBefore(since));
                }
                case "--action" -> {
                    FenceAction action = action(value);
                    filter = filter.and(e -> e.request().action() == action);
                }
                case "--result" -> {
                    FenceResult result = result(value);
                    filter = filter.and(e -> e.result() == result);
                }
                default -> throw new BadQuery("history: unknown option \"" + option + "\"");
            }
        }
        return new HistoryQuery(count, filter);
    }

    private static int count(String value, int maxCount) throws BadQuery {
        int n = value.matches("[0-9]{1,9}") ? Integer.parseInt(value) : 0;
        if (n < 1 || n > maxCount) {
            throw new BadQuery("history -n takes a number from 1 to " + maxCount + ", got \"" + value + '"');
        }
        return n;
    }

    /** {@code 30m}, {@code 2h}, {@code 1d} ago; an instant such as {@code 2026-12-06T15:00:00Z}; or local time. */
    static Instant since(String value, Clock clock) throws BadQuery {
        Matcher ago = AGO.matcher(value);
        if (ago.matches()) {
            long n = Long.parseLong(ago.group(1));
            Duration d = switch (ago.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return clock.instant().minus(d);
        }
        try {
            if (value.endsWith("Z") || value.matches(".*[+-][0-9]{2}:[0-9]{2}")) {
                return OffsetDateTime.parse(value).toInstant();
            }
            if (value.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
                return LocalDate.parse(value).atStartOfDay(clock.getZone()).toInstant();
            }
            return LocalDateTime.parse(value, LOCAL).atZone(clock.getZone()).toInstant();
        } catch (DateTimeException e) {
            throw new BadQuery("history --since takes 30m, 2h or 1d ago, a date (2026-12-06), a local time"
                    + " (2026-12-06 15:04) or an instant (2026-12-06T15:04:05Z), got \"" + value + '"');
        }
    }

    private static FenceAction action(String value) throws BadQuery {
        try {
            return JournalLine.action(value);
        } catch (IllegalArgumentException e) {
            throw new BadQuery("history --action takes off, on, reboot, status, list, devstatus or null, got \"" + value
                    + '"');
        }
    }

    private static FenceResult result(String value) throws BadQuery {
        try {
            return FenceResult.valueOf(value.toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new BadQuery("history --result takes success, fail, off or permission_denied, got \"" + value + '"');
        }
    }
}
