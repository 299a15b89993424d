package org.jfenced.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

class LineStartTest {

    private static LoggingEvent event(Level level) {
        LoggerContext context = new LoggerContext();
        LoggingEvent e = new LoggingEvent("test", context.getLogger("x"), level, "message", null, null);
        e.setTimeStamp(0);
        return e;
    }

    @Test
    void forTheJournalAndSyslogEachLevelGetsItsSyslogPriority() {
        LineStart start = new LineStart(true);
        assertEquals("<3>", start.convert(event(Level.ERROR)));
        assertEquals("<4>", start.convert(event(Level.WARN)));
        assertEquals("<6>", start.convert(event(Level.INFO)));
        assertEquals("<7>", start.convert(event(Level.DEBUG)));
        assertEquals("<7>", start.convert(event(Level.TRACE)));
    }

    @Test
    void elsewhereALineStartsWithTheLocalTime() {
        assertTrue(new LineStart(false).convert(event(Level.ERROR))
                .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} "));
    }
}
