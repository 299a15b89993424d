package org.jfenced.pacemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container.ExecResult;

/**
 * Pacemaker devices against a host daemon with backend libvirt on the test driver, whose domains are
 * named as the guests' containers: a fence_virt device over TCP through jfenced, then the fence_xvm device
 * through jfenced and through the C fence_virtd on the same config. This proves the libvirt path end to
 * end — Pacemaker, the agent, the daemon, libvirt's domain calls — and that both daemons serve it alike. It proves nothing about the guest going down: the test driver's domain is not
 * the container, so Pacemaker records a fence while the node runs on (its own Pacemaker then stops, as
 * a node does that learns it was fenced; guest2 is rebooted for the next class). The docker backend
 * ({@link PacemakerFencesThroughJfencedTest}) closes that gap.
 */
@ExtendWith(SharedGuests.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PacemakerWithTheLibvirtTestDriverTest {

    @TempDir
    static Path dir;

    private static GuestCluster cluster;
    private static Path key;
    private static Path nodeXml;
    private static Path config;

    @BeforeAll
    static void deviceAndTestDriverHost(GuestCluster guests) throws IOException {
        cluster = guests;
        cluster.resetConfiguration();
        key = cluster.writeKey(dir.resolve("fence_xvm.key"));
        nodeXml = dir.resolve("guests.xml");
        try (InputStream in = PacemakerWithTheLibvirtTestDriverTest.class.getResourceAsStream("/guests.xml")) {
            Files.copy(in, nodeXml);
        }
        config = HostConfig.libvirtTestDriver(dir, key, nodeXml).write("fence_virt.conf");
    }

    @Test
    @Order(1)
    void aFenceVirtDeviceRebootsOverTcpThroughJfenced() {
        Path tcp = HostConfig.libvirtTestDriver(dir, key, nodeXml).tcp().write("tcp.conf");
        Guest guest1 = cluster.guest(1);
        try (HostDaemon jfenced = HostDaemon.jfenced(cluster.rig, dir, tcp)) {
            Pacemaker.createResource(guest1, Pacemaker.fenceVirtDevice("virt", GuestCluster.KEY_PATH));
            rebootGuest2AndSeeItRunOn("jfenced over TCP", "virt");
            assertTrue(jfenced.history().lines().anyMatch(l -> l.matches(".*\\btcp\\b.*\\breboot\\s+vm-guest2\\b.*\\bsuccess\\b.*")),
                    jfenced.history());
        } finally {
            guest1.sh("cibadmin --delete -o resources --xml-text '<primitive id=\"virt\"/>'");
            Pacemaker.createResource(guest1, Pacemaker.fenceXvmDevice("xvm", GuestCluster.KEY_PATH));
        }
    }

    @Test
    @Order(2)
    void jfencedRebootsTheTestDriverDomainWhileTheContainerRunsOn() {
        try (HostDaemon jfenced = HostDaemon.jfenced(cluster.rig, dir, config)) {
            rebootGuest2AndSeeItRunOn("jfenced", "xvm");
            assertTrue(jfenced.history().lines().anyMatch(l -> l.matches(".*\\breboot\\s+vm-guest2\\b.*\\bsuccess\\b.*")),
                    jfenced.history());
        }
    }

    @Test
    @Order(3)
    void theCFenceVirtdServesTheSameDeviceAlike() {
        try (HostDaemon c = HostDaemon.fenceVirtd(cluster.rig, dir, config)) {
            rebootGuest2AndSeeItRunOn("fence_virtd", "xvm");
        }
    }

    private static void rebootGuest2AndSeeItRunOn(String daemon, String device) {
        Guest guest1 = cluster.guest(1);
        Guest guest2 = cluster.guest(2);
        guest1.sh("crm_resource --cleanup --resource " + device + " >/dev/null");
        Pacemaker.awaitStarted(guest1, device, Duration.ofSeconds(60));
        String bootedAt = guest2.startedAt();
        long reboots = Pacemaker.successes(guest1, "reboot", "guest2");

        ExecResult r = Pacemaker.stonithAdmin(guest1, "--reboot", "guest2", "--timeout", "90");

        assertEquals(0, r.getExitCode(), daemon + ": " + r.getStdout() + r.getStderr());
        assertEquals(reboots + 1, Pacemaker.successes(guest1, "reboot", "guest2"), Pacemaker.fenceHistory(guest1, "guest2"));
        assertEquals(bootedAt, guest2.startedAt(), "the test driver's reboot never reaches the container");
        assertTrue(guest2.running());
    }
}
