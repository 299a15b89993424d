package org.jfenced.nativelib.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Round trip times in microseconds, with percentiles taken the same way for every implementation. */
final class Samples {
    private final List<Double> micros = new ArrayList<>();
    private final List<Double> roundMedians = new ArrayList<>();

    /** Adds one run's samples and remembers that run's median. */
    void addRun(double[] run) {
        for (double sample : run) {
            micros.add(sample);
        }
        roundMedians.add(percentile(run, 50));
    }

    int count() {
        return micros.size();
    }

    double percentile(int p) {
        return percentile(micros.stream().mapToDouble(Double::doubleValue).toArray(), p);
    }

    List<Double> roundMedians() {
        return roundMedians;
    }

    /** The nearest-rank percentile: the sample at rank ceil(p/100 × n). */
    static double percentile(double[] samples, int p) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
