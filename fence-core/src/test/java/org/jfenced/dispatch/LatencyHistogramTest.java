package org.jfenced.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void aDurationCountsInTheFirstBucketItFits() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(Duration.ofMillis(1));
        h.record(Duration.ofMillis(7));
        h.record(Duration.ofSeconds(30));
        LatencyHistogram.Snapshot s = h.snapshot();
        assertEquals(1, s.counts().get(0), "1 ms is within le=0.001");
        assertEquals(0, s.counts().get(1), "nothing between 1 and 5 ms");
        assertEquals(1, s.counts().get(2), "7 ms between 5 and 10 ms");
        assertEquals(1, s.counts().get(LatencyHistogram.BOUNDS.size()), "30 s beyond the last bound");
        assertEquals(LatencyHistogram.BOUNDS.size() + 1, s.counts().size());
        assertEquals(3, s.count());
        assertEquals(30.008, s.sumSeconds(), 1e-9);
    }
}
