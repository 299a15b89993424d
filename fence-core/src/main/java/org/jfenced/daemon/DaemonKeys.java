package org.jfenced.daemon;

import java.util.List;
import java.util.stream.Stream;
import org.jfenced.admin.MetricsSettings;
import org.jfenced.admin.api.AdminProtocol;
import org.jfenced.journal.JournalSettings;
import org.jfenced.spi.ConfigKey;

/**
 * The keys of the {@code fence_virtd} block that the daemon itself reads. The daemon marks exactly these
 * as read, so a key missing here is reported as unknown at start-up; jfenced.conf(5) is generated from them.
 */
public final class DaemonKeys {

    public static final List<ConfigKey> ALL = Stream.concat(Stream.of(
            new ConfigKey("listener", "", "Required: the listener that receives requests, a block of listeners"
                    + " named after its plugin (jfenced -l lists them): multicast for fence_xvm, tcp for fence_virt -T."
                    + " jfenced only: several, separated by spaces, each a block of listeners."),
            new ConfigKey("backend", "", "Required: the backend plugin that carries requests out: libvirt for this"
                    + " host, cpg for a corosync cluster of hosts."),
            new ConfigKey("module_path", "", "The C daemon's plugin directory: accepted and ignored; jfenced's plugins"
                    + " come from its plugins directory."),
            new ConfigKey("debug", "0", "Debug level, as -d: 1 and up logs debug, 3 and up trace. -d wins."),
            new ConfigKey("foreground", "no", "1 or yes: stay in the foreground, as -F; otherwise jfenced detaches"
                    + " once it serves."),
            new ConfigKey("wait_for_init", "no", "yes: wait for the backend at start-up, as -w."),
            new ConfigKey("wait_for_backend", "no", "The same as wait_for_init."),
            new ConfigKey("name_mode", "name", "Backend cpg's name_mode, where fence_virtd reads it; the cpg block's"
                    + " own name_mode wins."),
            new ConfigKey("admin_socket", "/run/jfenced/NAME.sock for the pid file NAME.pid; "
                    + AdminProtocol.DEFAULT_SOCKET + " for the default one", "The UNIX socket jfencectl asks (an"
                    + " absolute path); jfencectl --instance NAME finds an instance's default one."),
            new ConfigKey("admin_group", "", "A group whose members may use the admin socket besides root and the"
                    + " daemon's user."),
            new ConfigKey("status_file", "", "Where the status is kept as JSON for tools that cannot use the socket;"
                    + " none without it."),
            new ConfigKey("metrics_port", "", "The TCP port of the /metrics endpoint for Prometheus (counters,"
                    + " latencies, JVM and process metrics); without it there is no endpoint."),
            new ConfigKey("metrics_address", MetricsSettings.DEFAULT_ADDRESS, "The address the /metrics endpoint"
                    + " binds, e.g. ::1 or a management network's address; only with metrics_port.")),
            JournalSettings.KEYS.stream()).toList();

    /** The keys of every listener block that the daemon reads, beside the plugin's own. */
    public static final List<ConfigKey> LISTENER_BLOCK = List.of(
            new ConfigKey("type", "the block's name", "jfenced only: the listener plugin of a block with a name of its"
                    + " own, for several listeners of one plugin (two tcp ports for two guest clusters)."),
            new ConfigKey("groups", "every group", "jfenced only: the names (name = \"...\" of a group block),"
                    + " separated by spaces, of the only groups that decide what this listener's clients may fence."));

    private DaemonKeys() {
    }
}
