package org.jfenced.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void aDurationCountsInTheFirstBucketItFitsAndEveryLaterOne() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(Duration.ofMillis(1));
        h.record(Duration.ofMillis(7));
        h.record(Duration.ofSeconds(30));
        LatencyHistogram.Snapshot s = h.snapshot();
        assertEquals(1, s.cumulative().get(0), "1 ms is within le=0.001");
        assertEquals(1, s.cumulative().get(1), "le=0.005");
        assertEquals(2, s.cumulative().get(2), "7 ms within le=0.01");
        assertEquals(2, s.cumulative().get(LatencyHistogram.BOUNDS.size() - 1), "30 s beyond the last bound");
        assertEquals(3, s.count());
        assertEquals(30.008, s.sumSeconds(), 1e-9);
    }
}
