package org.jfenced.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfenced.spi.AdminCommand;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.AdminSession;
import org.jfenced.spi.ClusterView;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.PlacedVm;

/** {@code vms}: every VM the backend can fence, with its state and the node that owns it. */
final class VmsCommand implements AdminCommand {

    private final DaemonView daemon;

    VmsCommand(DaemonView daemon) {
        this.daemon = daemon;
    }

    @Override
    public String name() {
        return "vms";
    }

    @Override
    public String summary() {
        return "the VMs, local and remote: name, UUID, state, owner node";
    }

    @Override
    public AdminReply run(List<String> args, AdminSession session) throws Exception {
        if (!args.isEmpty()) {
            return AdminReply.usage("vms takes no arguments");
        }
        ClusterView view = daemon.clusterView();
        TextTable table = new TextTable("NAME", "UUID", "STATE", "OWNER");
        for (PlacedVm p : view.vms()) {
            table.row(p.vm().name(), p.vm().uuid(), Formats.words(p.vm().state()), owner(p));
        }
        return AdminReply.ok(table.render(), view.vms().stream().map(VmsCommand::vm).toList());
    }

    /** A clustered backend names node ids, so the local one is marked; a standalone one says "local". */
    private static String owner(PlacedVm p) {
        return p.local() && !p.owner().equals(FenceOutcome.THIS_NODE) ? p.owner() + " (me)" : p.owner();
    }

    private static Map<String, Object> vm(PlacedVm p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.vm().name());
        m.put("uuid", p.vm().uuid());
        m.put("state", Formats.key(p.vm().state()));
        m.put("owner", p.owner());
        m.put("local", p.local());
        return m;
    }
}
