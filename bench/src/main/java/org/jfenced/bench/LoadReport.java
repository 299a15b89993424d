package org.jfenced.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jfenced.bench.LatencySamples.Percentiles;
import org.jfenced.spi.FenceAction;

/** A run's numbers as plain text for people and as one JSON object for scripts. */
final class LoadReport {

    private static final double[] POINTS = {50, 90, 99};

    private final LoadOptions options;
    private final int vmCount;
    private final LoadRun.Measured measured;
    private final Optional<DaemonCost> daemon;
    private final Percentiles overall;

    LoadReport(LoadOptions options, int vmCount, LoadRun.Measured measured, Optional<DaemonCost> daemon) {
        this.options = options;
        this.vmCount = vmCount;
        this.measured = measured;
        this.daemon = daemon;
        this.overall = measured.outcomes().all().percentiles();
    }

    Outcomes outcomes() {
        return measured.outcomes();
    }

    long answered() {
        return overall.count();
    }

    double seconds() {
        return measured.wallNanos() / 1e9;
    }

    double requestsPerSecond() {
        return answered() / seconds();
    }

    /** This attempt in full, and a line for each other one of {@code attempts}. */
    String text(List<LoadReport> attempts) {
        StringBuilder b = new StringBuilder(text());
        if (attempts.size() > 1) {
            for (LoadReport a : attempts) {
                b.append(String.format(Locale.ROOT, "attempt    %.1f requests/s, p50 %.3f ms, %d errors, %d unexpected, "
                        + "others %.1f %%%s%n", a.requestsPerSecond(), a.overall.at(50) / 1e6,
                        a.outcomes().errorCount(), a.outcomes().unexpectedCount(), a.othersCpuShare() * 100,
                        a == this ? " (reported)" : ""));
            }
        }
        return b.toString();
    }

    String text() {
        Outcomes o = measured.outcomes();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "target     %s:%d, %d VMs, %d clients, mix %s%n", options.host(),
                options.port(), vmCount, options.concurrency(), options.mix()));
        b.append(String.format(Locale.ROOT, "answered   %d in %.2f s = %.1f requests/s%n", answered(), seconds(),
                requestsPerSecond()));
        b.append("latency    ").append(latencyLine(overall)).append('\n');
        for (Map.Entry<FenceAction, LatencySamples> e : o.byAction().entrySet()) {
            Percentiles p = e.getValue().percentiles();
            b.append(String.format(Locale.ROOT, "  %-8s %8d  %s%n", name(e.getKey()), p.count(), latencyLine(p)));
        }
        b.append("errors     ").append(o.errorCount()).append(o.errors().isEmpty() ? "" : " " + o.errors());
        o.firstErrorMessages().forEach((k, m) -> b.append("\n  ").append(k).append(": ").append(m));
        b.append('\n');
        b.append("unexpected ").append(o.unexpectedCount())
                .append(o.unexpected().isEmpty() ? "" : " " + o.unexpected()).append('\n');
        b.append(String.format(Locale.ROOT, "generator  %.2f CPU s, %.1f us per answered request%n",
                measured.generatorCpuNanos() / 1e9, cpuMicrosPerRequest()));
        b.append(String.format(Locale.ROOT, "others     %.1f %% of the machine's CPU went to other processes%n",
                othersCpuShare() * 100));
        daemon.ifPresent(d -> b.append(String.format(Locale.ROOT,
                "daemon     pid %d: %.2f CPU s, %.3f CPU s per 1000 requests; RSS %.1f MB, peak %.1f MB%n", d.pid(),
                d.cpuNanos() / 1e9, d.cpuSecondsPer1000(answered()), d.rssKb() / 1024.0, d.peakRssKb() / 1024.0)));
        return b.toString();
    }

    /**
     * This attempt, with a summary of all {@code attempts} and their failures added up: a repeated
     * attempt never hides a failed request.
     */
    String json(List<LoadReport> attempts) {
        Json j = new Json().begin();
        fields(j);
        j.field("errors_all_attempts", attempts.stream().mapToLong(a -> a.outcomes().errorCount()).sum())
                .field("unexpected_all_attempts", attempts.stream().mapToLong(a -> a.outcomes().unexpectedCount()).sum())
                .field("max_ms_all_attempts", attempts.stream().mapToLong(a -> a.overall.max()).max().orElse(0) / 1e6);
        j.array("attempts");
        for (LoadReport a : attempts) {
            j.begin().field("requests_per_second", a.requestsPerSecond())
                    .field("p50_ms", a.overall.at(50) / 1e6).field("errors", a.outcomes().errorCount())
                    .field("unexpected", a.outcomes().unexpectedCount()).field("others_cpu_share", a.othersCpuShare())
                    .field("reported", a == this).end();
        }
        return j.endArray().end().toString();
    }

    private void fields(Json j) {
        Outcomes o = measured.outcomes();
        j.strings("labels", options.labels());
        j.field("host", options.host()).field("port", options.port()).field("vms", vmCount)
                .field("concurrency", options.concurrency()).field("mix", options.mix().toString())
                .field("seconds", seconds()).field("answered", answered())
                .field("requests_per_second", requestsPerSecond());
        latencyJson(j.begin("latency_ms"), overall).end();
        j.begin("by_action");
        o.byAction().forEach((a, s) -> latencyJson(j.begin(name(a)).field("count", s.size()), s.percentiles()).end());
        j.end();
        j.field("errors", o.errorCount()).counts("errors_by_kind", o.errors())
                .strings("first_error_message", o.firstErrorMessages());
        j.field("unexpected", o.unexpectedCount()).counts("unexpected_replies", o.unexpected());
        j.field("generator_cpu_seconds", measured.generatorCpuNanos() / 1e9)
                .field("generator_cpu_us_per_request", cpuMicrosPerRequest())
                .field("others_cpu_share", othersCpuShare());
        daemon.ifPresent(d -> j.begin("daemon").field("pid", d.pid()).field("cpu_seconds", d.cpuNanos() / 1e9)
                .field("cpu_seconds_per_1000", d.cpuSecondsPer1000(answered())).field("rss_mb", d.rssKb() / 1024.0)
                .field("peak_rss_mb", d.peakRssKb() / 1024.0).end());
    }

    /**
     * The share of the machine's CPU capacity that neither the generator nor the daemon used: other
     * work that competed with the run. Near 0 on a quiet machine.
     */
    double othersCpuShare() {
        long others = measured.machineBusyNanos() - measured.generatorCpuNanos()
                - daemon.map(DaemonCost::cpuNanos).orElse(0L);
        double capacity = (double) measured.wallNanos() * Runtime.getRuntime().availableProcessors();
        return Math.max(0, others) / capacity;
    }

    private double cpuMicrosPerRequest() {
        return answered() == 0 ? 0 : measured.generatorCpuNanos() / 1e3 / answered();
    }

    private static Json latencyJson(Json j, Percentiles p) {
        for (double point : POINTS) {
            j.field("p" + (int) point, p.at(point) / 1e6);
        }
        return j.field("max", p.max() / 1e6).field("mean", p.mean() / 1e6);
    }

    private static String latencyLine(Percentiles p) {
        StringBuilder b = new StringBuilder();
        for (double point : POINTS) {
            b.append(String.format(Locale.ROOT, "p%d %.3f  ", (int) point, p.at(point) / 1e6));
        }
        return b.append(String.format(Locale.ROOT, "max %.3f  mean %.3f ms", p.max() / 1e6, p.mean() / 1e6))
                .toString();
    }

    private static String name(FenceAction a) {
        return a.name().toLowerCase(Locale.ROOT);
    }
}
