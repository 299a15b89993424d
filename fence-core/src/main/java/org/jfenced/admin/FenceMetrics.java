package org.jfenced.admin;

import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmNativeMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfenced.dispatch.LatencyHistogram;
import org.jfenced.dispatch.RequestStats;
import org.jfenced.spi.ClusterView;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.Health;
import org.jfenced.spi.Membership;
import org.jfenced.spi.RequestDispatcher.DropReason;

/**
 * The daemon's own metrics, read at each scrape from the dispatcher's counters and the backend's health
 * and view: nothing is counted twice, so a scrape and {@code jfencectl status} always agree.
 */
public final class FenceMetrics implements MultiCollector {

    private static final List<Double> UPPER_BOUNDS = upperBounds();

    private final DaemonView daemon;

    private FenceMetrics(DaemonView daemon) {
        this.daemon = daemon;
    }

    /**
     * What a scrape of {@code daemon} reads: its own metrics beside the JVM's and the process's. These are
     * the library's JVM metrics but one: the memory pools' allocation counters, which count in GC
     * notifications and start the library's scheduler thread for their exemplars; everything else is read
     * at scrape time, so the registry starts no thread.
     */
    public static PrometheusRegistry registryOf(DaemonView daemon) {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new FenceMetrics(daemon));
        JvmThreadsMetrics.builder().register(registry);
        JvmBufferPoolMetrics.builder().register(registry);
        JvmClassLoadingMetrics.builder().register(registry);
        JvmCompilationMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmMemoryMetrics.builder().register(registry);
        JvmNativeMemoryMetrics.builder().register(registry);
        JvmRuntimeInfoMetric.builder().register(registry);
        ProcessMetrics.builder().register(registry);
        return registry;
    }

    @Override
    public MetricSnapshots collect() {
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        out.metricSnapshot(InfoSnapshot.builder().name("jfenced").help("The running release.")
                .dataPoint(InfoDataPointSnapshot.builder().labels(Labels.of("version", daemon.version())).build())
                .build());
        requestCounters(out);
        backendGauges(out);
        clusterGauges(out);
        return out.build();
    }

    private void requestCounters(MetricSnapshots.Builder out) {
        Map<String, RequestStats.Snapshot> stats = StatusReport.listenerStats(daemon);
        CounterSnapshot.Builder requests = CounterSnapshot.builder().name("jfenced_requests")
                .help("Requests that reached the dispatcher, host lists included.");
        CounterSnapshot.Builder replies = CounterSnapshot.builder().name("jfenced_replies").help("Replies by result.");
        CounterSnapshot.Builder dropped = CounterSnapshot.builder().name("jfenced_dropped")
                .help("Requests dropped before the dispatcher, by reason.");
        HistogramSnapshot.Builder duration = HistogramSnapshot.builder().name("jfenced_request_duration_seconds")
                .unit(Unit.SECONDS).help("How long answered requests took, by listener, action and result.");
        stats.forEach((listener, s) -> {
            requests.dataPoint(counter(s.requests(), "listener", listener));
            for (FenceResult r : FenceResult.values()) {
                replies.dataPoint(counter(s.replies(r), "listener", listener, "result", Formats.key(r)));
            }
            for (DropReason r : DropReason.values()) {
                dropped.dataPoint(counter(s.dropped(r), "listener", listener, "reason", Formats.key(r)));
            }
            s.latency().forEach((action, byResult) -> byResult.forEach((result, h) -> duration.dataPoint(
                    histogram(h, "listener", listener, "action", Formats.action(action), "result", Formats.key(result)))));
        });
        out.metricSnapshot(requests.build()).metricSnapshot(replies.build()).metricSnapshot(dropped.build())
                .metricSnapshot(duration.build());
    }

    private void backendGauges(MetricSnapshots.Builder out) {
        Health health = daemon.backend().health();
        String backend = daemon.backendName();
        out.metricSnapshot(GaugeSnapshot.builder().name("jfenced_backend_ready")
                .help("1 when the backend can serve requests.")
                .dataPoint(gauge(health.ok() ? 1 : 0, "backend", backend)).build());
        GaugeSnapshot.Builder up = GaugeSnapshot.builder().name("jfenced_backend_up")
                .help("1 for each backend connection that is up.");
        CounterSnapshot.Builder reconnects = CounterSnapshot.builder().name("jfenced_backend_reconnects")
                .help("Times a backend connection was re-established.");
        health.parts().forEach(part -> {
            up.dataPoint(gauge(part.up() ? 1 : 0, "backend", backend, "part", part.name()));
            reconnects.dataPoint(counter(part.reconnects(), "backend", backend, "part", part.name()));
        });
        out.metricSnapshot(up.build()).metricSnapshot(reconnects.build());
    }

    /** A backend that cannot say where its VMs are leaves these gauges out rather than failing the scrape. */
    private void clusterGauges(MetricSnapshots.Builder out) {
        Optional<ClusterView> view;
        try {
            view = Optional.of(daemon.clusterView());
        } catch (Exception e) {
            view = Optional.empty();
        }
        if (view.isEmpty()) {
            return;
        }
        out.metricSnapshot(GaugeSnapshot.builder().name("jfenced_vms").help("VMs the backend can fence.")
                .dataPoint(gauge(view.get().vms().size())).build());
        Optional<Membership> m = view.get().membership();
        if (m.isPresent()) {
            out.metricSnapshot(GaugeSnapshot.builder().name("jfenced_cluster_members")
                    .help("Members of the backend's group.")
                    .dataPoint(gauge(m.get().members().size(), "group", m.get().group())).build());
            out.metricSnapshot(GaugeSnapshot.builder().name("jfenced_cluster_quorate")
                    .help("1 when this node's partition has quorum.")
                    .dataPoint(gauge(m.get().quorate() ? 1 : 0, "group", m.get().group())).build());
        }
    }

    private static CounterDataPointSnapshot counter(long value, String... labels) {
        return CounterDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
    }

    private static GaugeDataPointSnapshot gauge(long value, String... labels) {
        return GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
    }

    private static HistogramDataPointSnapshot histogram(LatencyHistogram.Snapshot h, String... labels) {
        return HistogramDataPointSnapshot.builder().classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS,
                h.counts())).sum(h.sumSeconds()).labels(Labels.of(labels)).build();
    }

    /** The histogram's bounds and the {@code +Inf} bucket the format requires. */
    private static List<Double> upperBounds() {
        List<Double> bounds = new ArrayList<>(LatencyHistogram.BOUNDS);
        bounds.add(Double.POSITIVE_INFINITY);
        return List.copyOf(bounds);
    }
}
