package org.jfenced.daemon;

import ch.qos.logback.classic.Level;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/** fence_virtd's debug level as jfenced's log level: 1 and up logs debug, 3 and up trace. */
final class LogLevel {

    private LogLevel() {
    }

    /** The level {@code -d} gives, else the config's {@code debug}, else 0. */
    static int of(Optional<Integer> commandLine, Optional<String> configured) {
        return commandLine.or(() -> configured.flatMap(LogLevel::parse)).orElse(0);
    }

    static void apply(int level) {
        if (LoggerFactory.getLogger("org.jfenced") instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(level >= 3 ? Level.TRACE : level >= 1 ? Level.DEBUG : Level.INFO);
        }
    }

    private static Optional<Integer> parse(String s) {
        try {
            return Optional.of(Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
