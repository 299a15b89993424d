package org.jfenced.service.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What became of an offer, one line per node: this node, every member of the group that was offered the
 * file, the members of the backend's group that run no cluster service, and configured nodes that are in
 * neither (for addnode: the new node, which needs the file before it can start corosync). It went well when
 * every member now has this very file.
 */
final class PropagationReport {

    /** One node's line. */
    private record Row(long nodeId, String outcome, String detail, boolean ok, Map<String, Object> extra) {
    }

    private final String text;
    private final Map<String, Object> data;
    private final boolean ok;

    private PropagationReport(String text, Map<String, Object> data, boolean ok) {
        this.text = text;
        this.data = data;
        this.ok = ok;
    }

    /**
     * @param backendMembers node ids of the backend's group, which every node running jfenced joins
     */
    static PropagationReport of(ClusterConfig config, long selfNodeId, String group, PendingOffer.Settlement settlement,
                                Collection<Long> backendMembers, long elapsedMillis) throws ClusterConfigException {
        long version = config.configVersion();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(selfNodeId, "written", "this node", true, Map.of()));
        Set<Long> seen = new TreeSet<>(List.of(selfNodeId));
        for (PendingOffer.Reply reply : settlement.replies()) {
            long node = Integer.toUnsignedLong(reply.member().nodeId());
            seen.add(node);
            rows.add(reply.answer().map(a -> answered(node, a, version)).orElseGet(() ->
                    new Row(node, "no answer", reply.silence(), false, Map.of())));
        }
        if (settlement.undelivered().isEmpty()) {
            for (long node : new TreeSet<>(backendMembers)) {
                if (seen.add(node)) {
                    rows.add(new Row(node, "no answer", "its jfenced is not in CPG group " + group
                            + ": it runs no cluster service", false, Map.of()));
                }
            }
        }
        for (ConfiguredNode n : config.nodes()) {
            if (!seen.contains(n.id()) && !backendMembers.contains(n.id())) {
                rows.add(new Row(n.id(), "not reached", "not in the running cluster; it needs this file before it"
                        + " starts corosync", true, Map.of()));
            }
        }
        rows.sort(Comparator.comparingLong(Row::nodeId));
        boolean ok = settlement.undelivered().isEmpty() && rows.stream().allMatch(Row::ok);
        return new PropagationReport(text(config, group, settlement, rows, elapsedMillis),
                data(config, selfNodeId, group, settlement, rows, elapsedMillis, ok), ok);
    }

    String text() {
        return text;
    }

    Map<String, Object> data() {
        return data;
    }

    /** Whether every member has this file now. */
    boolean ok() {
        return ok;
    }

    private static Row answered(long node, Answer a, long offered) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("config_version", a.configVersion());
        switch (a.outcome()) {
            case WRITTEN -> {
                extra.put("backup", a.backup().isEmpty() ? null : a.backup());
                return new Row(node, "written", a.backup().isEmpty() ? "it had no file before"
                        : "previous file in " + a.backup(), true, extra);
            }
            case KEPT -> {
                extra.put("identical", a.identical());
                String detail = a.identical() ? "config_version " + a.configVersion() + ", the same file"
                        : a.configVersion() > offered ? "config_version " + a.configVersion() + " is newer than "
                        + offered + ": this change is not in it"
                        : "config_version " + a.configVersion() + " but another file: the two were changed apart";
                return new Row(node, "kept its own file", detail, a.identical(), extra);
            }
            case REFUSED -> {
                return new Row(node, "refused", a.reason(), false, Map.of());
            }
            default -> {
                return new Row(node, "failed", a.reason(), false, Map.of());
            }
        }
    }

    private static String text(ClusterConfig config, String group, PendingOffer.Settlement settlement, List<Row> rows,
                               long elapsedMillis) throws ClusterConfigException {
        StringBuilder out = new StringBuilder();
        if (settlement.undelivered().isPresent()) {
            out.append("not propagated: ").append(settlement.undelivered().get())
                    .append("; no other node is known to have config_version ").append(config.configVersion()).append('\n');
            return out.toString();
        }
        out.append("propagated config_version ").append(config.configVersion()).append(" through CPG group ")
                .append(group).append(" in ").append(elapsedMillis).append(" ms:\n");
        for (Row r : rows) {
            out.append("  ").append(label(config, r.nodeId())).append(": ").append(r.outcome());
            if (!r.detail().isEmpty()) {
                out.append(" (").append(r.detail()).append(')');
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static Map<String, Object> data(ClusterConfig config, long selfNodeId, String group,
                                            PendingOffer.Settlement settlement, List<Row> rows, long elapsedMillis,
                                            boolean ok) throws ClusterConfigException {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("group", group);
        d.put("config_version", config.configVersion());
        d.put("ok", ok);
        d.put("elapsed_ms", elapsedMillis);
        d.put("undelivered", settlement.undelivered().orElse(null));
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("nodeid", r.nodeId());
            m.put("name", name(config, r.nodeId()));
            m.put("this_node", r.nodeId() == selfNodeId);
            m.put("outcome", r.outcome());
            m.put("detail", r.detail());
            m.putAll(r.extra());
            nodes.add(m);
        }
        d.put("nodes", nodes);
        return d;
    }

    private static String label(ClusterConfig config, long nodeId) throws ClusterConfigException {
        String name = name(config, nodeId);
        return "node " + nodeId + (name == null ? "" : " (" + name + ")");
    }

    private static String name(ClusterConfig config, long nodeId) throws ClusterConfigException {
        return config.nodes().stream().filter(n -> n.id() == nodeId && !n.name().isEmpty()).map(ConfiguredNode::name)
                .findFirst().orElse(null);
    }
}
