package org.jfenced.admin;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfenced.plugin.DiscoveredPlugin;
import org.jfenced.spi.AdminCommand;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.AdminSession;

/** {@code plugins}: every plugin the daemon found, where it came from, and whether it is in use. */
final class PluginsCommand implements AdminCommand {

    private final DaemonView daemon;

    PluginsCommand(DaemonView daemon) {
        this.daemon = daemon;
    }

    @Override
    public String name() {
        return "plugins";
    }

    @Override
    public String summary() {
        return "the plugins found: name, kind, version, origin, in use";
    }

    @Override
    public AdminReply run(List<String> args, AdminSession session) {
        if (!args.isEmpty()) {
            return AdminReply.usage("plugins takes no arguments");
        }
        List<DiscoveredPlugin> sorted = daemon.plugins().stream()
                .sorted(Comparator.comparing(DiscoveredPlugin::kind).thenComparing(DiscoveredPlugin::name)).toList();
        TextTable table = new TextTable("NAME", "KIND", "VERSION", "IN USE", "ORIGIN");
        for (DiscoveredPlugin p : sorted) {
            table.row(p.name(), p.kind().word(), p.version(), daemon.inUse().contains(p) ? "yes" : "no", p.origin());
        }
        return AdminReply.ok(table.render(), sorted.stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("kind", p.kind().word());
            m.put("version", p.version());
            m.put("origin", p.origin());
            m.put("in_use", daemon.inUse().contains(p));
            return m;
        }).toList());
    }
}
