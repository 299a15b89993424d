package org.jfenced.service.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A progress line at most every 2 s and only when the percentage moved; rates over the interval. */
class ProgressReporterTest {

    private long now;
    private final List<String> lines = new ArrayList<>();
    private static final long MIB = 1 << 20;

    @Test
    void printsOnlyWhenTwoSecondsPassedAndThePercentageChanged() {
        ProgressReporter p = new ProgressReporter(100 * MIB, lines::add, () -> now, Duration.ofSeconds(2));
        at(1_000, () -> p.update(10 * MIB, 5 * MIB));
        assertEquals(0, lines.size(), "under 2 s");
        at(2_000, () -> p.update(20 * MIB, 10 * MIB));
        assertEquals(List.of(" 20% (20.0 MiB of 100.0 MiB) in 2.00s, read: 10.0 MiB/s, write: 5.0 MiB/s"), lines);
        at(5_000, () -> p.update(20 * MIB, 10 * MIB));
        assertEquals(1, lines.size(), "no change, no line");
        at(6_000, () -> p.update(60 * MIB, 20 * MIB));
        assertEquals(" 60% (60.0 MiB of 100.0 MiB) in 6.00s, read: 10.0 MiB/s, write: 2.5 MiB/s", lines.get(1));
        at(7_000, () -> p.finish(100 * MIB, 30 * MIB));
        assertEquals(List.of("100% (100.0 MiB of 100.0 MiB) in 7.00s, read: 40.0 MiB/s, write: 10.0 MiB/s",
                "transferred 100.0 MiB in 7.00s (14.3 MiB/s), archive 30.0 MiB"), lines.subList(2, 4));
    }

    @Test
    void aSlowCopyIsNeverSilentForHalfAMinute() {
        ProgressReporter p = new ProgressReporter(1000 * MIB, lines::add, () -> now, Duration.ofSeconds(2));
        at(29_000, () -> p.update(5 * MIB, 5 * MIB));
        assertEquals(0, lines.size(), "still 0%, under 30 s");
        at(30_000, () -> p.update(6 * MIB, 6 * MIB));
        assertEquals(List.of("  0% (6.0 MiB of 1000.0 MiB) in 30.00s, read: 204.8 KiB/s, write: 204.8 KiB/s"), lines);
    }

    private void at(long millis, Runnable r) {
        now = millis * 1_000_000L;
        r.run();
    }
}
