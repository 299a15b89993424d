package org.jfenced.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * How long requests took, in fixed buckets as Prometheus histograms count them. Recording is lock-free:
 * requests complete on many threads at once.
 */
public final class LatencyHistogram {

    /** Upper bounds in seconds: from a local libvirt call to the 25-second backend deadline. */
    public static final List<Double> BOUNDS = List.of(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            10.0, 25.0);

    /** One per bound, plus one for what exceeds the last. */
    private final LongAdder[] buckets = new LongAdder[BOUNDS.size() + 1];
    private final LongAdder sumNanos = new LongAdder();

    public LatencyHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    public void record(Duration took) {
        long nanos = Math.max(0, took.toNanos());
        double seconds = nanos / 1e9;
        int i = 0;
        while (i < BOUNDS.size() && seconds > BOUNDS.get(i)) {
            i++;
        }
        buckets[i].increment();
        sumNanos.add(nanos);
    }

    public Snapshot snapshot() {
        List<Long> counts = new ArrayList<>(buckets.length);
        long count = 0;
        for (LongAdder b : buckets) {
            long n = b.sum();
            counts.add(n);
            count += n;
        }
        return new Snapshot(List.copyOf(counts), count, sumNanos.sum() / 1e9);
    }

    /**
     * @param counts for each of {@link #BOUNDS} how many took longer than the bound before it and at most
     *     this long, then how many took longer than the last (not cumulative)
     * @param count how many were recorded
     * @param sumSeconds their total duration
     */
    public record Snapshot(List<Long> counts, long count, double sumSeconds) {
    }
}
