package org.jfenced.bench;

import java.util.Arrays;

/**
 * Every latency of a run, kept exactly: at tens of thousands of requests per second for seconds, the
 * arrays stay a few MB, and exact percentiles need no bucket tuning.
 */
public final class LatencySamples {

    private long[] nanos = new long[1024];
    private int size;

    public void add(long latencyNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = latencyNanos;
    }

    public void addAll(LatencySamples other) {
        for (int i = 0; i < other.size; i++) {
            add(other.nanos[i]);
        }
    }

    public int size() {
        return size;
    }

    /** Sorted copy of the samples, for {@link Percentiles}. */
    public Percentiles percentiles() {
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        return new Percentiles(sorted);
    }

    /** Nearest-rank percentiles over sorted latencies. */
    public static final class Percentiles {
        private final long[] sorted;

        Percentiles(long[] sorted) {
            this.sorted = sorted;
        }

        public int count() {
            return sorted.length;
        }

        /** The smallest sample that at least {@code p} percent of samples do not exceed; 0 when empty. */
        public long at(double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
        }

        public long max() {
            return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
        }

        public long mean() {
            if (sorted.length == 0) {
                return 0;
            }
            double sum = 0;
            for (long v : sorted) {
                sum += v;
            }
            return Math.round(sum / sorted.length);
        }
    }
}
