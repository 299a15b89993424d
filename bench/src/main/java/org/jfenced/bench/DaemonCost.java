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

    /** The cost since {@code cpuNanosBefore} was read with {@link ProcFs#cpuNanos}. */
    static DaemonCost since(long pid, long cpuNanosBefore) throws IOException {
        return new DaemonCost(pid, ProcFs.cpuNanos(pid) - cpuNanosBefore, ProcFs.statusKb(pid, "VmRSS"),
                ProcFs.statusKb(pid, "VmHWM"));
    }

    double cpuSecondsPer1000(long requests) {
        return requests == 0 ? 0 : cpuNanos / 1e9 / requests * 1000;
    }
}
