package org.jfenced.bench;

import java.io.IOException;

/**
 * What the daemon under test spent during the measured phase, read from /proc.
 *
 * @param cpuNanos user plus system CPU time of all its threads during the phase
 * @param rssKb resident memory right after the phase
 * @param peakRssKb the highest resident memory since it started
 */
record DaemonCost(long pid, long cpuNanos, long rssKb, long peakRssKb) {

    /** Runs {@code phase} and measures the daemon around it. */
    static <T> Measured<T> around(long pid, Phase<T> phase) throws IOException, InterruptedException {
        long before = ProcFs.cpuNanos(pid);
        T result = phase.run();
        long cpu = ProcFs.cpuNanos(pid) - before;
        return new Measured<>(result,
                new DaemonCost(pid, cpu, ProcFs.statusKb(pid, "VmRSS"), ProcFs.statusKb(pid, "VmHWM")));
    }

    double cpuSecondsPer1000(long requests) {
        return requests == 0 ? 0 : cpuNanos / 1e9 / requests * 1000;
    }

    interface Phase<T> {
        T run() throws IOException, InterruptedException;
    }

    record Measured<T>(T result, DaemonCost cost) {
    }
}
