package org.jfenced.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jfenced.spi.Json;
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
        return Json.write(asMap(attempts));
    }

    /** {@link #json} before it is written out, for a report that holds this one. */
    Map<String, Object> asMap(List<LoadReport> attempts) {
        Map<String, Object> j = fields();
        j.put("errors_all_attempts", attempts.stream().mapToLong(a -> a.outcomes().errorCount()).sum());
        j.put("unexpected_all_attempts", attempts.stream().mapToLong(a -> a.outcomes().unexpectedCount()).sum());
        j.put("max_ms_all_attempts", millis(attempts.stream().mapToLong(a -> a.overall.max()).max().orElse(0)));
        List<Map<String, Object>> each = new ArrayList<>();
        for (LoadReport a : attempts) {
            Map<String, Object> attempt = new LinkedHashMap<>();
            attempt.put("requests_per_second", thousandths(a.requestsPerSecond()));
            attempt.put("p50_ms", millis(a.overall.at(50)));
            attempt.put("errors", a.outcomes().errorCount());
            attempt.put("unexpected", a.outcomes().unexpectedCount());
            attempt.put("others_cpu_share", thousandths(a.othersCpuShare()));
            attempt.put("reported", a == this);
            each.add(attempt);
        }
        j.put("attempts", each);
        return j;
    }

    private Map<String, Object> fields() {
        Outcomes o = measured.outcomes();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("labels", options.labels());
        j.put("host", options.host());
        j.put("port", options.port());
        j.put("vms", vmCount);
        j.put("concurrency", options.concurrency());
        j.put("mix", options.mix().toString());
        j.put("seconds", thousandths(seconds()));
        j.put("answered", answered());
        j.put("requests_per_second", thousandths(requestsPerSecond()));
        j.put("latency_ms", latencyJson(overall));
        Map<String, Object> byAction = new LinkedHashMap<>();
        o.byAction().forEach((a, s) -> {
            Map<String, Object> action = new LinkedHashMap<>();
            action.put("count", s.size());
            action.putAll(latencyJson(s.percentiles()));
            byAction.put(name(a), action);
        });
        j.put("by_action", byAction);
        j.put("errors", o.errorCount());
        j.put("errors_by_kind", o.errors());
        j.put("first_error_message", o.firstErrorMessages());
        j.put("unexpected", o.unexpectedCount());
        j.put("unexpected_replies", o.unexpected());
        j.put("generator_cpu_seconds", thousandths(measured.generatorCpuNanos() / 1e9));
        j.put("generator_cpu_us_per_request", thousandths(cpuMicrosPerRequest()));
        j.put("others_cpu_share", thousandths(othersCpuShare()));
        daemon.ifPresent(d -> {
            Map<String, Object> cost = new LinkedHashMap<>();
            cost.put("pid", d.pid());
            cost.put("cpu_seconds", thousandths(d.cpuNanos() / 1e9));
            cost.put("cpu_seconds_per_1000", thousandths(d.cpuSecondsPer1000(answered())));
            cost.put("rss_mb", thousandths(d.rssKb() / 1024.0));
            cost.put("peak_rss_mb", thousandths(d.peakRssKb() / 1024.0));
            j.put("daemon", cost);
        });
        return j;
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

    private static Map<String, Object> latencyJson(Percentiles p) {
        Map<String, Object> j = new LinkedHashMap<>();
        for (double point : POINTS) {
            j.put("p" + (int) point, millis(p.at(point)));
        }
        j.put("max", millis(p.max()));
        j.put("mean", millis(p.mean()));
        return j;
    }

    static BigDecimal millis(double nanos) {
        return thousandths(nanos / 1e6);
    }

    /** Milliseconds to the microsecond, rates and shares to a thousandth. */
    private static BigDecimal thousandths(double value) {
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP);
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
