package org.jfenced.pacemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container.ExecResult;

/**
 * A three-node Pacemaker cluster of containers fences its nodes through bin/jfenced with backend docker:
 * fence_xvm in the guests multicasts on the bridge, jfenced kills and starts the guests' containers. What
 * Pacemaker reports is checked against what really happened to the container.
 */
@ExtendWith(SharedGuests.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PacemakerFencesThroughJfencedTest {

    private static final Duration REJOIN = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    private static GuestCluster cluster;
    private static HostDaemon jfenced;
    private static Guest guest1;

    @BeforeAll
    static void clusterWithAFenceXvmDevice(GuestCluster guests) {
        cluster = guests;
        cluster.resetConfiguration();
        guest1 = cluster.guest(1);
        Path keyFile = cluster.writeKey(dir.resolve("fence_xvm.key"));
        jfenced = HostDaemon.jfenced(cluster.rig, dir, HostConfig.docker(dir, keyFile, cluster.rig).write("fence_virt.conf"));
        Pacemaker.createResource(guest1, Pacemaker.fenceXvmDevice("xvm", GuestCluster.KEY_PATH));
        Pacemaker.awaitStarted(guest1, "xvm", Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopJfenced() {
        if (jfenced != null) {
            jfenced.close();
        }
    }

    @Test
    @Order(1)
    void theDeviceIsMonitoredAndFindsEveryGuestThroughList() {
        String targets = Pacemaker.stonithAdmin(guest1, "--list-targets", "xvm").getStdout();
        for (Guest g : cluster.guests) {
            assertTrue(targets.contains(g.vm), "list names " + g.vm + ":\n" + targets);
        }
        for (Guest g : cluster.guests) {
            ExecResult canFence = Pacemaker.stonithAdmin(guest1, "--list", g.node);
            assertTrue(canFence.getStdout().contains("xvm"), "dynamic-list with the host map finds " + g.node + ": "
                    + canFence.getStdout() + canFence.getStderr());
        }
        String ops = guest1.awaitOutput("crm_resource --list-operations --resource xvm 2>&1",
                out -> out.contains("xvm_monitor_10000") && out.contains("rc=0"), Duration.ofSeconds(60),
                "a successful recurring monitor");
        assertFalse(ops.contains("rc=1"), ops);
        assertTrue(jfenced.history().lines().anyMatch(l -> l.contains("list") || l.contains("hostlist")),
                "monitor and list reach jfenced:\n" + jfenced.history());
    }

    @Test
    @Order(2)
    void stonithAdminRebootsGuest2WhichComesBackAndRejoins() {
        Guest guest2 = cluster.guest(2);
        String bootedAt = guest2.startedAt();
        long reboots = Pacemaker.successes(guest1, "reboot", "guest2");

        ExecResult reboot = Pacemaker.stonithAdmin(guest1, "--reboot", "guest2", "--timeout", "90");
        assertEquals(0, reboot.getExitCode(), reboot.getStdout() + reboot.getStderr() + jfenced.log());

        assertNotEquals(bootedAt, guest2.startedAt(), "the container was killed and started again");
        String line = historyLine("reboot", guest2.vm);
        assertTrue(cluster.guests.stream().anyMatch(g -> line.contains(g.address)), "names the requester: " + line);
        assertEquals(reboots + 1, Pacemaker.successes(guest1, "reboot", "guest2"), Pacemaker.fenceHistory(guest1, "guest2"));
        cluster.awaitOnline(guest1, REJOIN);
        awaitUnfencedAfter(line, guest2);
    }

    @Test
    @Order(3)
    void aFencedNodeIsSwitchedOnAgainByUnfencing() {
        Guest guest2 = cluster.guest(2);
        ExecResult off = Pacemaker.stonithAdmin(guest1, "--fence", "guest2", "--timeout", "90");
        assertEquals(0, off.getExitCode(), off.getStdout() + off.getStderr());
        assertFalse(guest2.running(), "fenced means the container is down");
        historyLine("off", guest2.vm);

        ExecResult on = Pacemaker.stonithAdmin(guest1, "--unfence", "guest2", "--timeout", "90");
        assertEquals(0, on.getExitCode(), on.getStdout() + on.getStderr());
        assertTrue(guest2.running(), "unfenced means the container runs again");
        cluster.awaitOnline(guest1, REJOIN);
    }

    @Test
    @Order(4)
    void whenGuest3LosesCorosyncTheSurvivorsFenceItBeforeItsResourceMoves() {
        Guest guest3 = cluster.guest(3);
        Pacemaker.createResource(guest1, """
                <primitive id="dummy" class="ocf" provider="pacemaker" type="Dummy">
                  <meta_attributes id="dummy-meta">
                    <nvpair id="dummy-role" name="target-role" value="Stopped"/>
                    <nvpair id="dummy-stickiness" name="resource-stickiness" value="100"/>
                  </meta_attributes>
                  <operations><op id="dummy-monitor" name="monitor" interval="5s"/></operations>
                </primitive>""");
        guest1.sh("cibadmin --create -o constraints --xml-text "
                + "'<rsc_location id=\"dummy-on-guest3\" rsc=\"dummy\" node=\"guest3\" score=\"50\"/>'"
                + " && crm_resource --resource dummy --meta --set-parameter target-role --parameter-value Started");
        guest1.awaitOutput("crm_mon -1 2>&1", out -> out.matches("(?s).*dummy\\s+\\(ocf:pacemaker:Dummy\\):\\s+Started guest3.*"),
                Duration.ofSeconds(60), "dummy on guest3");
        String bootedAt = guest3.startedAt();
        long reboots = Pacemaker.successes(guest1, "reboot", "guest3");

        guest3.sh("kill -9 $(cat /run/corosync.pid)");

        String moved = guest1.awaitOutput("crm_mon -1 2>&1",
                out -> out.matches("(?s).*dummy\\s+\\(ocf:pacemaker:Dummy\\):\\s+Started guest[12].*"),
                Duration.ofSeconds(180), "dummy started on a survivor");
        assertNotEquals(bootedAt, guest3.startedAt(), "guest3 was fenced before its resource moved:\n" + moved);
        String line = historyLine("reboot", guest3.vm);
        assertTrue(line.contains(cluster.guest(1).address) || line.contains(cluster.guest(2).address),
                "a survivor asked: " + line);
        assertEquals(reboots + 1, Pacemaker.successes(guest1, "reboot", "guest3"), Pacemaker.fenceHistory(guest1, "guest3"));
        cluster.awaitOnline(guest1, REJOIN);
    }

    /** The line of jfenced's history for {@code action} on {@code vm} that succeeded. */
    private static String historyLine(String action, String vm) {
        String history = jfenced.history();
        List<String> lines = history.lines()
                .filter(l -> l.matches(".*\\b" + action + "\\s+" + vm + "\\b.*\\bsuccess\\b.*")).toList();
        assertFalse(lines.isEmpty(), "jfenced carried out " + action + " " + vm + ":\n" + history + "\n" + jfenced.log());
        return lines.get(lines.size() - 1);
    }

    /**
     * The device provides unfencing, so Pacemaker switches a node that rejoins after a fence on through
     * jfenced before it may run resources: an {@code on} follows the fence in jfenced's history.
     */
    private static void awaitUnfencedAfter(String fenceLine, Guest g) {
        long deadline = System.nanoTime() + REJOIN.toNanos();
        String history = "";
        while (System.nanoTime() < deadline) {
            history = jfenced.history();
            String after = history.substring(history.indexOf(fenceLine) + fenceLine.length());
            if (after.lines().anyMatch(l -> l.matches(".*\\bon\\s+" + g.vm + "\\b.*\\bsuccess\\b.*"))) {
                return;
            }
            Guest.pause(Duration.ofSeconds(1));
        }
        throw new AssertionError(g.node + " was not unfenced (on) through jfenced after it rejoined:\n" + history);
    }
}
