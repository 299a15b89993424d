package org.jfenced.pacemaker;

import java.time.Duration;
import org.testcontainers.containers.Container.ExecResult;

/** Pacemaker's own tools, run in a guest: the configuration the tests (and docs/pacemaker.md) use. */
final class Pacemaker {

    /** How the guests' node names map to the VMs (containers) the host daemon knows. */
    static final String HOST_MAP = "guest1:vm-guest1;guest2:vm-guest2;guest3:vm-guest3";

    private Pacemaker() {
    }

    /** Fencing on, and a stonith timeout that leaves room for a loaded machine. */
    static void enableStonith(Guest g) {
        g.sh("crm_attribute -t crm_config -n stonith-enabled -v true"
                + " && crm_attribute -t crm_config -n stonith-timeout -v 90s");
    }

    /**
     * A fence_xvm device (multicast to the host daemon) that finds its targets with {@code list}, maps node
     * names to VM names, is monitored every 10 s and unfences nodes ({@code provides=unfencing}).
     */
    static String fenceXvmDevice(String id, String keyFile) {
        return """
                <primitive id="%1$s" class="stonith" type="fence_xvm">
                  <meta_attributes id="%1$s-meta">
                    <nvpair id="%1$s-provides" name="provides" value="unfencing"/>
                  </meta_attributes>
                  <instance_attributes id="%1$s-attrs">
                    <nvpair id="%1$s-key" name="key_file" value="%2$s"/>
                    <nvpair id="%1$s-map" name="pcmk_host_map" value="%3$s"/>
                    <nvpair id="%1$s-check" name="pcmk_host_check" value="dynamic-list"/>
                  </instance_attributes>
                  <operations>
                    <op id="%1$s-monitor" name="monitor" interval="10s"/>
                  </operations>
                </primitive>""".formatted(id, keyFile, HOST_MAP);
    }

    /** A fence_virt device over TCP to the host daemon at the bridge address. */
    static String fenceVirtDevice(String id, String keyFile) {
        return fenceVirtDevice(id, GuestCluster.GATEWAY, keyFile);
    }

    /** A fence_virt device over TCP to the host daemon at {@code address}. */
    static String fenceVirtDevice(String id, String address, String keyFile) {
        return """
                <primitive id="%1$s" class="stonith" type="fence_virt">
                  <instance_attributes id="%1$s-attrs">
                    <nvpair id="%1$s-ip" name="ipaddr" value="%2$s"/>
                    <nvpair id="%1$s-key" name="key_file" value="%3$s"/>
                    <nvpair id="%1$s-map" name="pcmk_host_map" value="%4$s"/>
                    <nvpair id="%1$s-check" name="pcmk_host_check" value="dynamic-list"/>
                  </instance_attributes>
                  <operations>
                    <op id="%1$s-monitor" name="monitor" interval="10s"/>
                  </operations>
                </primitive>""".formatted(id, address, keyFile, HOST_MAP);
    }

    static void createResource(Guest g, String xml) {
        ExecResult r = g.exec("cibadmin", "--create", "-o", "resources", "--xml-text", xml);
        if (r.getExitCode() != 0) {
            throw new AssertionError("cibadmin --create failed (" + r.getExitCode() + "): " + r.getStderr());
        }
    }

    static void deleteResource(Guest g, String id) {
        g.sh("crm_resource --resource " + id + " --set-parameter target-role --meta --parameter-value Stopped"
                + " && sleep 2 && cibadmin --delete -o resources --xml-text '<primitive id=\"" + id + "\"/>'");
    }

    /** Waits until {@code g}'s crm_mon shows {@code id} started. */
    static String awaitStarted(Guest g, String id, Duration timeout) {
        return g.awaitOutput("crm_mon -1 2>&1", out -> out.lines()
                .anyMatch(l -> l.contains(id + "\t") || l.matches(".*\\b" + id + "\\s+\\(.*\\):\\s+Started.*")),
                timeout, id + " started");
    }

    /** Every fence Pacemaker recorded for {@code node} ({@code --history} alone shows only the latest). */
    static String fenceHistory(Guest g, String node) {
        return stonithAdmin(g, "--history", node, "--verbose").getStdout();
    }

    /** How many times Pacemaker recorded {@code action} ("reboot", "turning off", …) of {@code node} as successful. */
    static long successes(Guest g, String action, String node) {
        return fenceHistory(g, node).lines().filter(l -> l.contains(action + " of " + node + " successful")).count();
    }

    /** {@code stonith_admin ARGS…} in {@code g}. */
    static ExecResult stonithAdmin(Guest g, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "stonith_admin";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return g.exec(cmd);
    }
}
