package org.jfenced.service.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jfenced.nativelib.quorum.QuorumState;
import org.jfenced.spi.AdminReply;

/**
 * {@code cluster status} and {@code cluster nodes}: corosync.conf's nodelist next to what the running
 * corosync reports, and every difference between the two spelled out — the usual reasons being a file not
 * yet copied or reloaded, a node that is down, or expected votes set by hand.
 */
final class ClusterStatusReport {

    /** What the running corosync said, or why it could not be asked. */
    record Live(Optional<QuorumState> quorum, String unreachable) {
        static Live of(QuorumState state) {
            return new Live(Optional.of(state), "");
        }

        static Live unreachable(String why) {
            return new Live(Optional.empty(), why);
        }
    }

    private ClusterStatusReport() {
    }

    static AdminReply build(Path file, ClusterConfig config, Live live, boolean withSummary)
            throws ClusterConfigException {
        List<ConfiguredNode> nodes = config.nodes();
        List<String> differences = differences(config, nodes, live);
        StringBuilder text = new StringBuilder();
        Map<String, Object> data = new LinkedHashMap<>();
        if (withSummary) {
            text.append(String.format("cluster         %s%n", config.clusterName()));
            text.append(String.format("config          %s, config_version %d%n", file, config.configVersion()));
            text.append(String.format("transport       %s, encryption %s%n", config.transport(),
                    config.crypto().orElse("off")));
            data.put("cluster", config.clusterName());
            data.put("file", file.toString());
            data.put("config_version", config.configVersion());
            data.put("transport", config.transport());
            data.put("crypto", config.crypto().orElse(null));
            if (live.quorum().isPresent()) {
                QuorumState q = live.quorum().get();
                text.append(String.format("corosync        running: %s, %d of %d expected votes (quorum %d), %d node(s)%n",
                        q.quorate() ? "quorate" : "NOT quorate", q.totalVotes(), q.expectedVotes(), q.quorum(),
                        q.members().size()));
            } else {
                text.append(String.format("corosync        not reachable: %s%n", live.unreachable()));
            }
            text.append('\n');
        }
        data.put("corosync", liveData(live));
        text.append(table(nodes, live));
        data.put("nodes", nodeRows(nodes, live));
        if (!differences.isEmpty()) {
            text.append("\ndifferences between ").append(file).append(" and the running cluster:\n");
            differences.forEach(d -> text.append("  ").append(d).append('\n'));
        }
        data.put("differences", differences);
        return AdminReply.ok(text.toString(), data);
    }

    private static List<String> differences(ClusterConfig config, List<ConfiguredNode> nodes, Live live) {
        List<String> out = new ArrayList<>();
        if (live.quorum().isEmpty()) {
            return out;
        }
        QuorumState q = live.quorum().get();
        for (ConfiguredNode n : nodes) {
            if (!q.members().contains((int) n.id())) {
                out.add("node " + n.describe() + " is configured but not a member: down, unreachable, or not"
                        + " started with this cluster's config");
            }
        }
        for (int id : q.members()) {
            if (nodes.stream().noneMatch(n -> n.id() == id)) {
                out.add("node id " + id + " is a member but not in the file: the file was changed and not yet"
                        + " reloaded (corosync-cfgtool -R), or differs between nodes");
            }
        }
        int configured = nodes.stream().mapToInt(ConfiguredNode::votes).sum();
        if (q.expectedVotes() != configured) {
            out.add("expected votes are " + q.expectedVotes() + " but the file's nodes have " + configured
                    + ": set with \"cluster expected\", or the file changed since corosync read it");
        }
        return out;
    }

    private static String table(List<ConfiguredNode> nodes, Live live) {
        TreeSet<Integer> links = new TreeSet<>();
        nodes.forEach(n -> links.addAll(n.links().keySet()));
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("NODEID", "NAME", "VOTES"));
        links.forEach(l -> header.add("LINK" + l));
        header.add("MEMBER");
        rows.add(header);
        for (ConfiguredNode n : nodes) {
            List<String> row = new ArrayList<>(List.of(Long.toString(n.id()), n.name().isEmpty() ? "-" : n.name(),
                    Integer.toString(n.votes())));
            links.forEach(l -> row.add(n.links().getOrDefault(l, "-")));
            row.add(membership(n.id(), live));
            rows.add(row);
        }
        live.quorum().ifPresent(q -> q.members().stream().filter(id -> nodes.stream().noneMatch(n -> n.id() == id))
                .forEach(id -> {
                    List<String> row = new ArrayList<>(List.of(Integer.toString(id), "-", "-"));
                    links.forEach(l -> row.add("-"));
                    row.add("yes, not in file");
                    rows.add(row);
                }));
        int[] widths = new int[header.size()];
        rows.forEach(r -> {
            for (int i = 0; i < r.size(); i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        });
        StringBuilder sb = new StringBuilder();
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", r.get(i)));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String membership(long id, Live live) {
        return live.quorum().map(q -> q.members().contains((int) id) ? "yes" : "no").orElse("?");
    }

    private static List<Object> nodeRows(List<ConfiguredNode> nodes, Live live) {
        List<Object> rows = new ArrayList<>();
        for (ConfiguredNode n : nodes) {
            Map<String, Object> row = ClusterEditor.nodeData(n);
            row.put("member", live.quorum().map(q -> (Object) q.members().contains((int) n.id())).orElse(null));
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, Object> liveData(Live live) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reachable", live.quorum().isPresent());
        live.quorum().ifPresentOrElse(q -> {
            m.put("quorate", q.quorate());
            m.put("expected_votes", q.expectedVotes());
            m.put("total_votes", q.totalVotes());
            m.put("quorum", q.quorum());
            m.put("members", List.copyOf(q.members()));
        }, () -> m.put("error", live.unreachable()));
        return m;
    }
}
