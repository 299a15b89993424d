package org.jfenced.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfenced.spi.AdminCommand;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.AdminSession;
import org.jfenced.spi.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code reload}: what SIGHUP does, with the outcome for the one who asked. */
final class ReloadCommand implements AdminCommand {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadCommand.class);

    private final DaemonView daemon;

    ReloadCommand(DaemonView daemon) {
        this.daemon = daemon;
    }

    @Override
    public String name() {
        return "reload";
    }

    @Override
    public String summary() {
        return "re-read the config: keys (the old one accepted for key_overlap), groups, log level; a change that"
                + " needs a restart, or a bad file, changes nothing";
    }

    @Override
    public AdminReply run(List<String> args, AdminSession session) {
        if (!args.isEmpty()) {
            return AdminReply.usage("usage: reload");
        }
        LOG.info("audit: user {} asks for a reload of {}", session.user(), daemon.configFile());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("config_file", String.valueOf(daemon.configFile()));
        try {
            List<String> changes = daemon.reload();
            changes.forEach(line -> LOG.info("reload: {}", line));
            data.put("reloaded", true);
            data.put("changes", changes);
            return AdminReply.ok("reloaded " + daemon.configFile() + ":\n  " + String.join("\n  ", changes) + "\n",
                    data);
        } catch (ConfigException e) {
            LOG.error("reload refused, nothing changed: {}", e.getMessage());
            data.put("reloaded", false);
            data.put("error", e.getMessage());
            return new AdminReply(AdminReply.FAILED, "reload refused, nothing changed: " + e.getMessage() + "\n", data);
        }
    }
}
