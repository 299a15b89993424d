package org.jfenced.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A flood of the same warning becomes one line per interval that counts the rest. */
class WarningThrottleTest {

    private static final Logger LOG = LoggerFactory.getLogger(WarningThrottleTest.class);

    @Test
    void theFirstIsLoggedTheRestOfTheIntervalHeldBack() {
        WarningThrottle throttle = new WarningThrottle(Duration.ofMinutes(1));
        try (LogCapture log = new LogCapture(WarningThrottleTest.class)) {
            for (int i = 0; i < 1000; i++) {
                throttle.warn(LOG, "connection {} dropped", i);
            }
            assertEquals(List.of("connection 0 dropped"), log.warnings());
        }
    }

    @Test
    void afterTheIntervalTheNextSaysHowManyWereHeldBack() throws InterruptedException {
        WarningThrottle throttle = new WarningThrottle(Duration.ofMillis(200));
        try (LogCapture log = new LogCapture(WarningThrottleTest.class)) {
            throttle.warn(LOG, "connection {} dropped", 1);
            throttle.warn(LOG, "connection {} dropped", 2);
            throttle.warn(LOG, "connection {} dropped", 3);
            Thread.sleep(300);
            throttle.warn(LOG, "connection {} dropped", 4);
            assertEquals(2, log.warnings().size(), log.warnings().toString());
            assertTrue(log.warnings().get(1).startsWith("connection 4 dropped (2 more like it in the last "),
                    log.warnings().get(1));
        }
    }
}
