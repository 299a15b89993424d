package org.jfenced.admin;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jfenced.spi.AdminCommand;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.AdminSession;

/**
 * {@code metrics}: what the {@code /metrics} endpoint serves, in Prometheus' text format, for a node
 * exporter's textfile collector or a host without the endpoint.
 */
final class MetricsCommand implements AdminCommand {

    private final DaemonView daemon;

    MetricsCommand(DaemonView daemon) {
        this.daemon = daemon;
    }

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public String summary() {
        return "counters, latency histograms, JVM and process metrics in Prometheus text format";
    }

    @Override
    public AdminReply run(List<String> args, AdminSession session) {
        if (!args.isEmpty()) {
            return AdminReply.usage("metrics takes no arguments");
        }
        MetricSnapshots scrape = daemon.metrics().scrape();
        return AdminReply.ok(text(scrape), MetricsJson.of(scrape));
    }

    private static String text(MetricSnapshots scrape) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, scrape);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
