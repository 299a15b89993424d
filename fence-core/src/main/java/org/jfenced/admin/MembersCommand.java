package org.jfenced.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfenced.spi.AdminCommand;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.AdminSession;
import org.jfenced.spi.Membership;

/** {@code members}: the nodes of the backend's group, which one is this node, which is highest, quorum. */
final class MembersCommand implements AdminCommand {

    private final DaemonView daemon;

    MembersCommand(DaemonView daemon) {
        this.daemon = daemon;
    }

    @Override
    public String name() {
        return "members";
    }

    @Override
    public String summary() {
        return "the cluster's nodes: which is this one, which is highest, quorum";
    }

    @Override
    public AdminReply run(List<String> args, AdminSession session) throws Exception {
        if (!args.isEmpty()) {
            return AdminReply.usage("members takes no arguments");
        }
        Optional<Membership> membership = daemon.clusterView().membership();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("clustered", membership.isPresent());
        if (membership.isEmpty()) {
            data.put("members", List.of());
            return AdminReply.ok("no cluster: backend " + daemon.backendName() + " serves this host alone", data);
        }
        Membership m = membership.get();
        data.put("group", m.group());
        data.put("my_node_id", m.myNodeId());
        data.put("highest", m.highest());
        data.put("quorate", m.quorate());
        TextTable table = new TextTable("NODE", "ROLE");
        List<Object> members = m.members().stream().map(id -> {
            String role = (id == m.myNodeId() ? "me " : "") + (id == m.highest() ? "highest" : "");
            table.row(id, role.strip());
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("node_id", id);
            node.put("me", id == m.myNodeId());
            node.put("highest", id == m.highest());
            return (Object) node;
        }).toList();
        data.put("members", members);
        String text = "group " + m.group() + ", " + (m.quorate() ? "quorate" : "NOT QUORATE") + "\n" + table.render();
        return AdminReply.ok(text, data);
    }
}
