package org.jfenced.pacemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container.ExecResult;

/**
 * What jfenced refuses, Pacemaker must count as a failed fence, and the target must run on untouched.
 * The devices are registered on guest1 alone ({@code stonith_admin --register}), so guest1's fencer is
 * the one that runs fence_xvm, and they name their targets statically, so the request reaches jfenced
 * instead of stopping at an empty {@code list}.
 */
@ExtendWith(SharedGuests.class)
class PacemakerSeesRefusalsAsFailuresTest {

    @TempDir
    static Path dir;

    private static GuestCluster cluster;
    private static HostDaemon jfenced;

    @BeforeAll
    static void jfencedWithAGroupThatMayNotFenceGuest2(GuestCluster guests) {
        cluster = guests;
        cluster.resetConfiguration();
        Path key = cluster.writeKey(dir.resolve("fence_xvm.key"));
        StringBuilder requesters = new StringBuilder();
        for (Guest g : cluster.guests) {
            requesters.append("\t\tip = \"").append(g.address).append("\";\n");
        }
        String groups = """
                groups {
                	group {
                %s		uuid = "vm-guest1";
                		uuid = "vm-guest3";
                	}
                }
                """.formatted(requesters);
        jfenced = HostDaemon.jfenced(cluster.rig, dir, HostConfig.docker(dir, key, cluster.rig).with(groups)
                .write("fence_virt.conf"));
    }

    @AfterAll
    static void stopJfenced() {
        if (jfenced != null) {
            jfenced.close();
        }
    }

    @Test
    void aDeviceWithTheWrongKeyFailsAndFencesNothing() {
        Guest guest1 = cluster.guest(1);
        Guest guest3 = cluster.guest(3);
        guest1.sh("head -c 4096 /dev/urandom > /etc/cluster/wrong.key && chmod 600 /etc/cluster/wrong.key");
        register(guest1, "xvm-wrong-key", "/etc/cluster/wrong.key", "guest3");
        String bootedAt = guest3.startedAt();
        try {
            ExecResult r = Pacemaker.stonithAdmin(guest1, "--reboot", "guest3", "--timeout", "40");

            assertNotEquals(0, r.getExitCode(), "Pacemaker reports the fence as failed: " + r.getStdout()
                    + Pacemaker.fenceHistory(guest1, "guest3") + jfenced.history());
            assertEquals(bootedAt, guest3.startedAt(), "guest3 was not touched");
            assertTrue(guest3.running());
            assertFalse(jfenced.history().contains("vm-guest3"), "a request with the wrong key is never carried out:\n"
                    + jfenced.history());
        } finally {
            Pacemaker.stonithAdmin(guest1, "--deregister", "xvm-wrong-key");
        }
    }

    @Test
    void aGroupThatForbidsTheTargetIsAFailedFenceAndGuest2RunsOn() {
        Guest guest1 = cluster.guest(1);
        Guest guest2 = cluster.guest(2);
        register(guest1, "xvm-acl", GuestCluster.KEY_PATH, "guest2");
        String bootedAt = guest2.startedAt();
        try {
            ExecResult r = Pacemaker.stonithAdmin(guest1, "--reboot", "guest2", "--timeout", "40");

            assertNotEquals(0, r.getExitCode(), "Pacemaker reports the fence as failed: " + r.getStdout());
            assertEquals(bootedAt, guest2.startedAt(), "guest2 was not touched");
            assertTrue(guest2.running());
            String history = jfenced.history();
            assertTrue(history.lines().anyMatch(l -> l.matches(".*\\breboot\\s+vm-guest2\\b.*\\bpermission denied\\b.*")),
                    "jfenced refused it:\n" + history);
            assertFalse(history.lines().anyMatch(l -> l.matches(".*\\breboot\\s+vm-guest2\\b.*\\bsuccess\\b.*")), history);
        } finally {
            Pacemaker.stonithAdmin(guest1, "--deregister", "xvm-acl");
        }
    }

    /** A fence_xvm device known to {@code g}'s fencer only, for {@code target} only; a short client timeout. */
    private static void register(Guest g, String id, String keyFile, String target) {
        ExecResult r = Pacemaker.stonithAdmin(g, "--register", id, "--agent", "fence_xvm",
                "--option", "key_file=" + keyFile, "--option", "timeout=5",
                "--option", "pcmk_host_map=" + Pacemaker.HOST_MAP,
                "--option", "pcmk_host_check=static-list", "--option", "pcmk_host_list=" + target);
        assertEquals(0, r.getExitCode(), r.getStdout() + r.getStderr());
    }
}
