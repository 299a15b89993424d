package org.jfenced.admin;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfenced.dispatch.LatencyHistogram;
import org.jfenced.dispatch.RequestStats;
import org.jfenced.spi.AdminCommand;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.AdminSession;
import org.jfenced.spi.ClusterView;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.Health;
import org.jfenced.spi.Membership;
import org.jfenced.spi.RequestDispatcher.DropReason;

/**
 * {@code metrics}: the counters and latency histograms in Prometheus' text format, for a node exporter's
 * textfile collector or a scrape wrapper.
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
        return "counters and latency histograms in Prometheus text format";
    }

    @Override
    public AdminReply run(List<String> args, AdminSession session) {
        if (!args.isEmpty()) {
            return AdminReply.usage("metrics takes no arguments");
        }
        PrometheusText p = new PrometheusText();
        p.family("jfenced_info", "gauge", "The running release.").sample("jfenced_info", 1, "version", daemon.version());
        p.family("jfenced_start_time_seconds", "gauge", "When the daemon started, in seconds since the epoch.")
                .sample("jfenced_start_time_seconds", seconds(daemon.started().toEpochMilli()));

        Map<String, RequestStats.Snapshot> stats = StatusReport.listenerStats(daemon);
        p.family("jfenced_requests_total", "counter", "Requests that reached the dispatcher, host lists included.");
        stats.forEach((l, s) -> p.sample("jfenced_requests_total", s.requests(), "listener", l));
        p.family("jfenced_replies_total", "counter", "Replies by result.");
        stats.forEach((l, s) -> {
            for (FenceResult r : FenceResult.values()) {
                p.sample("jfenced_replies_total", s.replies(r), "listener", l, "result", Formats.key(r));
            }
        });
        p.family("jfenced_dropped_total", "counter", "Requests dropped before the dispatcher, by reason.");
        stats.forEach((l, s) -> {
            for (DropReason r : DropReason.values()) {
                p.sample("jfenced_dropped_total", s.dropped(r), "listener", l, "reason", Formats.key(r));
            }
        });
        p.family("jfenced_request_duration_seconds", "histogram", "How long requests took, by listener and action.");
        stats.forEach((l, s) -> s.latency().forEach((action, h) -> histogram(p, l, action, h)));

        Health health = daemon.backend().health();
        String backend = daemon.backendName();
        p.family("jfenced_backend_ready", "gauge", "1 when the backend can serve requests.")
                .sample("jfenced_backend_ready", health.ok() ? 1 : 0, "backend", backend);
        p.family("jfenced_backend_up", "gauge", "1 for each backend connection that is up.");
        health.parts().forEach(part -> p.sample("jfenced_backend_up", part.up() ? 1 : 0, "backend", backend, "part",
                part.name()));
        p.family("jfenced_backend_reconnects_total", "counter", "Times a backend connection was re-established.");
        health.parts().forEach(part -> p.sample("jfenced_backend_reconnects_total", part.reconnects(), "backend",
                backend, "part", part.name()));

        Optional<ClusterView> view = clusterView();
        if (view.isPresent()) {
            p.family("jfenced_vms", "gauge", "VMs the backend can fence.")
                    .sample("jfenced_vms", view.get().vms().size());
            Optional<Membership> m = view.get().membership();
            if (m.isPresent()) {
                p.family("jfenced_cluster_members", "gauge", "Members of the backend's group.")
                        .sample("jfenced_cluster_members", m.get().members().size(), "group", m.get().group());
                p.family("jfenced_cluster_quorate", "gauge", "1 when this node's partition has quorum.")
                        .sample("jfenced_cluster_quorate", m.get().quorate() ? 1 : 0, "group", m.get().group());
            }
        }
        return AdminReply.ok(p.text(), p.samples());
    }

    /** A backend that cannot say where its VMs are leaves these gauges out rather than failing the scrape. */
    private Optional<ClusterView> clusterView() {
        try {
            return Optional.of(daemon.clusterView());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static void histogram(PrometheusText p, String listener, FenceAction action, LatencyHistogram.Snapshot h) {
        String a = Formats.action(action);
        String name = "jfenced_request_duration_seconds";
        for (int i = 0; i < LatencyHistogram.BOUNDS.size(); i++) {
            p.sample(name + "_bucket", h.cumulative().get(i), "listener", listener, "action", a, "le",
                    BigDecimal.valueOf(LatencyHistogram.BOUNDS.get(i)).stripTrailingZeros().toPlainString());
        }
        p.sample(name + "_bucket", h.count(), "listener", listener, "action", a, "le", "+Inf");
        p.sample(name + "_sum", BigDecimal.valueOf(h.sumSeconds()), "listener", listener, "action", a);
        p.sample(name + "_count", h.count(), "listener", listener, "action", a);
    }

    private static BigDecimal seconds(long epochMillis) {
        return BigDecimal.valueOf(epochMillis, 3);
    }
}
