package org.jfenced.admin;

import java.time.Instant;
import java.util.List;
import org.jfenced.spi.AdminCommand;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.AdminSession;

/** {@code status}: the daemon, its listeners' counters, the backend's health and the cluster. */
final class StatusCommand implements AdminCommand {

    private final DaemonView daemon;

    StatusCommand(DaemonView daemon) {
        this.daemon = daemon;
    }

    @Override
    public String name() {
        return "status";
    }

    @Override
    public String summary() {
        return "version, uptime, plugins, listener counters, backend health and cluster";
    }

    @Override
    public AdminReply run(List<String> args, AdminSession session) {
        if (!args.isEmpty()) {
            return AdminReply.usage("status takes no arguments");
        }
        StatusReport report = StatusReport.of(daemon);
        return AdminReply.ok(report.text(Instant.now()), report.data());
    }
}
