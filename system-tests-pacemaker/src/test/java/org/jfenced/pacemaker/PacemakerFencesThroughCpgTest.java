package org.jfenced.pacemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.jfenced.nativelib.testcluster.CorosyncCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container.ExecResult;

/**
 * Pacemaker in the guests fencing through three host daemons with backend cpg ({@link CpgHosts}): the
 * guests' fence_virt reaches host 1 alone, and the cpg group routes each request to the host whose libvirt
 * has the guest's domain. The hosts' libvirt is the test driver (backend cpg acts on its host's libvirt,
 * and the test driver's domain is not the container), so a fenced guest runs on: this proves the routing —
 * Pacemaker, the agent, host 1's listener, the group, the owner's libvirt — and the refusals, not that the
 * guest goes down (the docker backend's class proves that). First, host 3 runs corosync without jfenced:
 * a fence of its guest must fail with nothing fenced; then host 3's jfenced joins and the group fences.
 */
@ExtendWith(SharedGuests.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PacemakerFencesThroughCpgTest {

    @RegisterExtension
    static final CorosyncCluster HYPERVISORS = CorosyncCluster.builder("pcmkcpg").nodes(3).tokenMs(500).build();

    @TempDir
    static Path dir;

    private static GuestCluster cluster;
    private static CpgHosts hosts;

    @BeforeAll
    static void hostOneOnTheGuestsBridgeAndHostsOneAndTwoServing(GuestCluster guests) {
        cluster = guests;
        cluster.resetConfiguration();
        hosts = new CpgHosts(HYPERVISORS, cluster.rig, dir, cluster.writeKey(dir.resolve("fence_xvm.key")));
        hosts.link();
        hosts.start(1);
        hosts.start(2);
    }

    @AfterAll
    static void stopHosts() {
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    @Order(1)
    void aGuestOnAHostThatRunsCorosyncWithoutJfencedIsAFailedFenceAndNothingIsFenced() {
        Guest guest1 = cluster.guest(1);
        Guest guest3 = cluster.guest(3);
        // named statically: the group's list has no vm-guest3 while host 3 has no daemon
        ExecResult registered = Pacemaker.stonithAdmin(guest1, "--register", "cpg-static", "--agent", "fence_virt",
                "--option", "ipaddr=" + CpgHosts.ADDRESS, "--option", "key_file=" + GuestCluster.KEY_PATH,
                "--option", "pcmk_host_map=" + Pacemaker.HOST_MAP, "--option", "pcmk_host_check=static-list",
                "--option", "pcmk_host_list=guest3");
        assertEquals(0, registered.getExitCode(), registered.getStdout() + registered.getStderr());
        String bootedAt = guest3.startedAt();
        try {
            ExecResult r = Pacemaker.stonithAdmin(guest1, "--reboot", "guest3", "--timeout", "40");

            assertNotEquals(0, r.getExitCode(), "Pacemaker reports the fence as failed: " + r.getStdout() + hosts.log());
            assertEquals(bootedAt, guest3.startedAt(), "guest3 was not touched");
            assertTrue(guest3.running());
            assertTrue(hosts.log(2).contains("node 3 is in the corosync ring without a jfenced in the group"),
                    "the highest member refused it under the ring rule:\n" + hosts.log());
            String history = hosts.history(1);
            assertTrue(history.lines().anyMatch(l -> l.matches(".*\\breboot\\s+vm-guest3\\b.*\\bfail\\b.*")), history);
            assertTrue(history.lines().noneMatch(l -> l.matches(".*\\breboot\\s+vm-guest3\\b.*\\bsuccess\\b.*")), history);
        } finally {
            Pacemaker.stonithAdmin(guest1, "--deregister", "cpg-static");
        }
    }

    @Test
    @Order(2)
    void theDeviceIsMonitoredAndListsEveryGuestThroughTheGroup() {
        hosts.start(3);
        Guest guest1 = cluster.guest(1);
        Pacemaker.createResource(guest1, Pacemaker.fenceVirtDevice("cpg", CpgHosts.ADDRESS, GuestCluster.KEY_PATH));
        Pacemaker.awaitStarted(guest1, "cpg", Duration.ofSeconds(90));
        String targets = Pacemaker.stonithAdmin(guest1, "--list-targets", "cpg").getStdout();
        for (Guest g : cluster.guests) {
            assertTrue(targets.contains(g.vm), "the group's list names " + g.vm + ":\n" + targets);
        }
        String ops = guest1.awaitOutput("crm_resource --list-operations --resource cpg 2>&1",
                out -> out.contains("cpg_monitor_10000") && out.contains("rc=0"), Duration.ofSeconds(60),
                "a successful recurring monitor");
        assertFalse(ops.contains("rc=1"), ops);
        assertTrue(hosts.history(1).lines().anyMatch(l -> l.contains("list")), "monitor and list reach host 1:\n"
                + hosts.history(1));
    }

    @Test
    @Order(3)
    void aRebootOfGuest2FromGuest1IsCarriedOutByHostTwoAndRecordedByPacemaker() {
        Guest guest1 = cluster.guest(1);
        Pacemaker.awaitStarted(guest1, "cpg", Duration.ofSeconds(90));
        long reboots = Pacemaker.successes(guest1, "reboot", "guest2");

        ExecResult r = Pacemaker.stonithAdmin(guest1, "--reboot", "guest2", "--timeout", "90");

        assertEquals(0, r.getExitCode(), r.getStdout() + r.getStderr() + hosts.log());
        assertEquals(reboots + 1, Pacemaker.successes(guest1, "reboot", "guest2"), Pacemaker.fenceHistory(guest1, "guest2"));
        String line = hosts.history(1).lines().filter(l -> l.matches(".*\\breboot\\s+vm-guest2\\b.*\\bsuccess\\b.*"))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("host 1 answered it:\n" + hosts.history(1)));
        assertTrue(cluster.guests.stream().anyMatch(g -> line.contains(g.address)), "names the requesting guest: " + line);
        assertTrue(line.matches(".*success\\s+2\\s.*"), "host 2 acted: " + line);
        assertTrue(hosts.log(2).contains("reboot \"vm-guest2\": restarted on test://"), hosts.log());
        assertFalse(hosts.log(1).contains("\"vm-guest2\": restarted") || hosts.log(3).contains("\"vm-guest2\": restarted"),
                "only host 2's libvirt acted:\n" + hosts.log());
    }
}
