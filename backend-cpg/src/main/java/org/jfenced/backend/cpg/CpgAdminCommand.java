package org.jfenced.backend.cpg;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jfenced.backend.cpg.state.OpenRequest;
import org.jfenced.spi.AdminCommand;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.AdminSession;

/**
 * {@code jfencectl cpg}: what only the cpg backend knows — each member's publication state, nodes whose
 * daemon left, and the requests the group is answering right now with the member answering each.
 */
final class CpgAdminCommand implements AdminCommand {

    private final CpgBackend backend;

    CpgAdminCommand(CpgBackend backend) {
        this.backend = backend;
    }

    @Override
    public String name() {
        return "cpg";
    }

    @Override
    public String summary() {
        return "the cpg group: members, nodes without a member whose VMs may run, requests in flight";
    }

    @Override
    public AdminReply run(List<String> args, AdminSession session) throws Exception {
        if (!args.isEmpty()) {
            return AdminReply.usage("cpg takes no arguments");
        }
        ClusterSnapshot s = backend.snapshot().toCompletableFuture().get(5, TimeUnit.SECONDS);
        StringBuilder text = new StringBuilder();
        text.append("group ").append(s.group()).append(": this member ").append(s.self())
                .append(s.inGroup() ? "" : " (not in the group now)").append(", ")
                .append(s.quorate() ? "quorate" : "not quorate").append('\n');
        text.append("this host: ").append(s.selfFence().describe()).append('\n');
        List<Object> members = new ArrayList<>();
        for (ClusterSnapshot.Member m : s.members()) {
            text.append(String.format("  member %-14s %-11s %-10s %-11s %d VMs%n", m.id(),
                    m.published() ? "published" : "publishing", m.complete() ? "complete" : "incomplete",
                    m.reachable() ? "reachable" : "unreachable", m.vmCount()));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("node_id", Integer.toUnsignedLong(m.id().nodeId()));
            row.put("pid", Integer.toUnsignedLong(m.id().pid()));
            row.put("published", m.published());
            row.put("complete", m.complete());
            row.put("reachable", m.reachable());
            row.put("vms", m.vmCount());
            members.add(row);
        }
        text.append("nodes without a member whose VMs may run: ").append(s.absent().isEmpty() ? "none" : "").append('\n');
        List<Object> absent = new ArrayList<>();
        for (ClusterSnapshot.Absent a : s.absent()) {
            text.append("  ").append(a.describe()).append('\n');
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("node_id", Integer.toUnsignedLong(a.node().nodeId()));
            row.put("fate", a.node().fate().name().toLowerCase(java.util.Locale.ROOT));
            row.put("vms", a.node().vms().stream().map(vm -> vm.name()).toList());
            row.put("awaiting_self_fence", a.node().awaitsSelfFence());
            row.put("deadline_in_ms", a.deadlineIn().map(Duration::toMillis).orElse(null));
            row.put("promise", a.node().promise().toString());
            row.put("why", a.describe());
            absent.add(row);
        }
        text.append("cluster nodes without jfenced: ").append(s.withoutDaemon().isEmpty() ? "none"
                : s.withoutDaemon().stream().map(Integer::toUnsignedString).collect(java.util.stream.Collectors.joining(", "))
                        + " (a VM no member runs is FAIL until each has a jfenced in the group)").append('\n');
        text.append("requests in flight: ").append(s.openRequests().isEmpty() ? "none" : "").append('\n');
        List<Object> open = new ArrayList<>();
        for (OpenRequest r : s.openRequests()) {
            text.append("  ").append(r).append(r.declined().isEmpty() ? "" : " (declined by " + r.declined() + ")").append('\n');
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("request", r.key().toString());
            row.put("action", r.action().name().toLowerCase(java.util.Locale.ROOT));
            row.put("target", r.target());
            row.put("answering", r.route().map(x -> x.actor().toString()).orElse(null));
            row.put("how", r.route().map(x -> x.kind().name().toLowerCase(java.util.Locale.ROOT)).orElse("waiting"));
            open.add(row);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("group", s.group());
        data.put("self", s.self() == null ? null : s.self().toString());
        data.put("in_group", s.inGroup());
        data.put("quorate", s.quorate());
        data.put("members", members);
        data.put("absent_nodes", absent);
        data.put("nodes_without_jfenced", s.withoutDaemon().stream().map(Integer::toUnsignedLong).toList());
        Map<String, Object> fencing = new LinkedHashMap<>();
        fencing.put("enabled", s.selfFence().enabled());
        fencing.put("cut_off", s.selfFence().cutOff());
        fencing.put("since", s.selfFence().since().map(Object::toString).orElse(null));
        fencing.put("deadline", s.selfFence().deadline().map(Object::toString).orElse(null));
        fencing.put("why", s.selfFence().why());
        fencing.put("destroyed", s.selfFence().destroyed());
        data.put("self_fence", fencing);
        data.put("requests_in_flight", open);
        return AdminReply.ok(text.toString(), data);
    }
}
