package org.jfenced.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jfenced.dispatch.RequestStats;
import org.jfenced.plugin.DiscoveredPlugin;
import org.jfenced.spi.ClusterView;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.Health;
import org.jfenced.spi.Membership;
import org.jfenced.spi.PlacedVm;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.jfenced.spi.ServiceStatus;

/**
 * What {@code jfencectl status} shows and the status file holds: the daemon, its plugins, the counters
 * of each listener, the backend's health and the cluster. The data holds no clock reading other than
 * the start time, so that it only changes when something happens.
 */
final class StatusReport {

    /** The drop reasons the listener table shows in columns of their own; the rest are summed. */
    private static final List<DropReason> SHOWN_DROPS = List.of(DropReason.BAD_SIZE, DropReason.BAD_HASH,
            DropReason.DUPLICATE);

    private final DaemonView daemon;
    private final Map<String, RequestStats.Snapshot> stats;
    private final Health health;
    private final Optional<ClusterView> view;
    private final String viewError;
    private final Map<String, ServiceStatus> services = new LinkedHashMap<>();

    private StatusReport(DaemonView daemon) {
        this.daemon = daemon;
        this.stats = listenerStats(daemon);
        this.health = daemon.backend().health();
        ClusterView v = null;
        String error = "";
        try {
            v = daemon.clusterView();
        } catch (Exception e) {
            error = e.getMessage();
        }
        this.view = Optional.ofNullable(v);
        this.viewError = error;
        daemon.services().forEach((name, service) -> {
            try {
                service.status().ifPresent(status -> services.put(name, status));
            } catch (RuntimeException e) {
                services.put(name, new ServiceStatus(name + ": status unavailable: " + e, Map.of("error", e.toString())));
            }
        });
    }

    /** Takes the snapshot; waits for the backend's cluster view at most {@link DaemonView#VIEW_DEADLINE}. */
    static StatusReport of(DaemonView daemon) {
        return new StatusReport(daemon);
    }

    /** The configured listeners and the admin socket always, then any other origin that counted something. */
    static Map<String, RequestStats.Snapshot> listenerStats(DaemonView daemon) {
        Map<String, RequestStats.Snapshot> counted = daemon.dispatcher().stats().snapshot();
        Map<String, RequestStats.Snapshot> out = new LinkedHashMap<>();
        daemon.listeners().keySet().forEach(name -> out.put(name, counted.getOrDefault(name,
                RequestStats.Snapshot.none())));
        out.put(DaemonView.ADMIN_ORIGIN, counted.getOrDefault(DaemonView.ADMIN_ORIGIN, RequestStats.Snapshot.none()));
        counted.forEach(out::putIfAbsent);
        return out;
    }

    Map<String, Object> data() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("version", daemon.version());
        d.put("pid", daemon.pid());
        d.put("started", daemon.started().toString());
        d.put("config_file", daemon.configFile().toString());
        Map<String, Object> admin = new LinkedHashMap<>();
        admin.put("socket", daemon.admin().socket().toString());
        admin.put("group", daemon.admin().group().map(g -> g.getName()).orElse(null));
        admin.put("status_file", daemon.admin().statusFile().map(Object::toString).orElse(null));
        d.put("admin", admin);
        d.put("plugins", daemon.inUse().stream().map(StatusReport::plugin).toList());
        List<Object> listeners = new ArrayList<>();
        stats.forEach((origin, s) -> listeners.add(listener(origin, s)));
        d.put("listeners", listeners);
        d.put("backend", backend());
        d.put("cluster", view.flatMap(ClusterView::membership).map(StatusReport::membership).orElse(null));
        d.put("vms", view.map(StatusReport::vmCounts).orElse(null));
        if (view.isEmpty()) {
            d.put("view_error", viewError);
        }
        Map<String, Object> busy = new LinkedHashMap<>();
        services.forEach((name, status) -> busy.put(name, status.data()));
        d.put("services", busy);
        return d;
    }

    private static Map<String, Object> plugin(DiscoveredPlugin p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", p.kind().word());
        m.put("name", p.name());
        m.put("version", p.version());
        return m;
    }

    private Map<String, Object> listener(String origin, RequestStats.Snapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", origin);
        m.put("endpoint", daemon.endpointOf(origin));
        m.put("requests", s.requests());
        m.put("host_lists", s.hostLists());
        Map<String, Object> replies = new LinkedHashMap<>();
        for (FenceResult r : FenceResult.values()) {
            replies.put(Formats.key(r), s.replies(r));
        }
        m.put("replies", replies);
        Map<String, Object> dropped = new LinkedHashMap<>();
        for (DropReason r : DropReason.values()) {
            dropped.put(Formats.key(r), s.dropped(r));
        }
        m.put("dropped", dropped);
        return m;
    }

    private Map<String, Object> backend() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", daemon.backendName());
        m.put("ready", health.ok());
        m.put("summary", health.summary());
        m.put("parts", health.parts().stream().map(p -> {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("name", p.name());
            part.put("up", p.up());
            part.put("reconnects", p.reconnects());
            part.put("last_error", p.detail().isEmpty() ? null : p.detail());
            return part;
        }).toList());
        return m;
    }

    static Map<String, Object> membership(Membership m) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("group", m.group());
        c.put("my_node_id", m.myNodeId());
        c.put("members", m.members());
        c.put("highest", m.highest());
        c.put("quorate", m.quorate());
        return c;
    }

    private static Map<String, Object> vmCounts(ClusterView v) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("total", v.vms().size());
        c.put("local", v.vms().stream().filter(PlacedVm::local).count());
        return c;
    }

    /** For people; {@code now} only feeds the uptime. */
    String text(Instant now) {
        StringBuilder out = new StringBuilder();
        out.append("jfenced ").append(daemon.version()).append(", pid ").append(daemon.pid()).append(", up ")
                .append(Formats.uptime(Duration.between(daemon.started(), now))).append(" (since ")
                .append(Formats.time(daemon.started())).append(")\n");
        out.append("config   ").append(daemon.configFile()).append('\n');
        out.append("admin    ").append(daemon.admin().socket()).append(" (root")
                .append(daemon.admin().group().map(g -> " and group " + g.getName()).orElse(" only")).append(")\n");
        daemon.admin().statusFile().ifPresent(f -> out.append("status   ").append(f).append('\n'));
        out.append("plugins  ").append(daemon.inUse().stream().map(p -> p.kind().word() + " " + p.name() + " "
                + p.version()).collect(Collectors.joining(", ")));
        int more = daemon.plugins().size() - daemon.inUse().size();
        if (more > 0) {
            out.append(" (").append(more).append(" more found: jfencectl plugins)");
        }
        out.append("\n\n");

        TextTable listeners = new TextTable("LISTENER", "ENDPOINT", "REQUESTS", "SUCCESS", "FAIL", "OFF", "DENIED",
                "BAD SIZE", "BAD HASH", "DUPLICATE", "OTHER DROPS");
        stats.forEach((origin, s) -> listeners.row(origin, daemon.endpointOf(origin), s.requests(),
                s.replies(FenceResult.SUCCESS), s.replies(FenceResult.FAIL), s.replies(FenceResult.OFF),
                s.replies(FenceResult.PERMISSION_DENIED), s.dropped(DropReason.BAD_SIZE),
                s.dropped(DropReason.BAD_HASH), s.dropped(DropReason.DUPLICATE), otherDrops(s)));
        out.append(listeners.render()).append('\n');

        out.append("backend ").append(daemon.backendName()).append(": ").append(health.ok() ? "ready" : "NOT READY")
                .append(", ").append(health.summary()).append('\n');
        if (!health.parts().isEmpty()) {
            TextTable parts = new TextTable("CONNECTION", "STATE", "RECONNECTS", "LAST ERROR");
            health.parts().forEach(p -> parts.row(p.name(), p.up() ? "up" : "DOWN", p.reconnects(), p.detail()));
            out.append(parts.render());
        }
        out.append('\n');

        if (view.isEmpty()) {
            out.append("cluster  unknown: ").append(viewError).append('\n');
        } else {
            ClusterView v = view.get();
            long local = v.vms().stream().filter(PlacedVm::local).count();
            Optional<Membership> m = v.membership();
            if (m.isEmpty()) {
                out.append("cluster  none: backend ").append(daemon.backendName()).append(" serves this host alone, ")
                        .append(v.vms().size()).append(" VMs\n");
            } else {
                Membership g = m.get();
                out.append("cluster  group ").append(g.group()).append(", node ").append(g.myNodeId())
                        .append(" of members ").append(g.members().stream().map(String::valueOf)
                                .collect(Collectors.joining(" ")))
                        .append(" (highest ").append(g.highest()).append("), ")
                        .append(g.quorate() ? "quorate" : "NOT QUORATE").append(", ").append(v.vms().size())
                        .append(" VMs, ").append(local).append(" here\n");
            }
        }
        services.values().forEach(status -> out.append('\n').append(status.text()));
        return out.toString();
    }

    private static long otherDrops(RequestStats.Snapshot s) {
        long n = 0;
        for (DropReason r : DropReason.values()) {
            if (!SHOWN_DROPS.contains(r)) {
                n += s.dropped(r);
            }
        }
        return n;
    }
}
