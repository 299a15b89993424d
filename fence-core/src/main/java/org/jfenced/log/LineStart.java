package org.jfenced.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * {@code %lineStart} in the log pattern ({@link DaemonLogging}): how a log line begins where it goes. Under systemd (which sets
 * {@value #JOURNAL_ENV} when the output is the journal) and when piped into {@code logger --prio-prefix}
 * for syslog ({@value #PREFIX_PROPERTY}), a syslog priority such as {@code <3>}, so that each line is
 * stored with its level instead of all as "info"; the journal and syslog add the time themselves.
 * Anywhere else, on a terminal or in a log file, the local time.
 */
public final class LineStart extends ClassicConverter {

    /** Set by systemd for a unit whose output is connected to the journal. */
    static final String JOURNAL_ENV = "JOURNAL_STREAM";

    /** Set to {@code true} for a daemon whose output goes through {@code logger --prio-prefix}. */
    public static final String PREFIX_PROPERTY = "jfenced.log.priorityPrefix";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS ")
            .withZone(ZoneId.systemDefault());

    private final boolean priorities;

    public LineStart() {
        this(System.getenv(JOURNAL_ENV) != null || Boolean.getBoolean(PREFIX_PROPERTY));
    }

    LineStart(boolean priorities) {
        this.priorities = priorities;
    }

    @Override
    public String convert(ILoggingEvent event) {
        return priorities ? "<" + priority(event.getLevel()) + ">" : TIME.format(Instant.ofEpochMilli(event.getTimeStamp()));
    }

    /** syslog's levels: 3 err, 4 warning, 6 info, 7 debug. */
    static int priority(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> 3;
            case Level.WARN_INT -> 4;
            case Level.INFO_INT -> 6;
            default -> 7;
        };
    }
}
