package org.jfenced.pacemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container.ExecResult;

/**
 * The same Pacemaker device against a host daemon with backend libvirt on the test driver, whose domains
 * are named as the guests' containers: jfenced, and the C fence_virtd on the same config. This proves the
 * libvirt path end to end — Pacemaker, fence_xvm, the daemon, libvirt's domain calls — and that both
 * daemons serve it alike. It proves nothing about the guest going down: the test driver's domain is not
 * the container, so Pacemaker records a fence while the node runs on. The docker backend
 * ({@link PacemakerFencesThroughJfencedTest}) closes that gap.
 */
@ExtendWith(SharedGuests.class)
class PacemakerWithTheLibvirtTestDriverTest {

    @TempDir
    static Path dir;

    private static GuestCluster cluster;
    private static Path config;

    @BeforeAll
    static void deviceAndTestDriverHost(GuestCluster guests) throws IOException {
        cluster = guests;
        cluster.resetConfiguration();
        Path key = cluster.writeKey(dir.resolve("fence_xvm.key"));
        Path nodeXml = dir.resolve("guests.xml");
        try (InputStream in = PacemakerWithTheLibvirtTestDriverTest.class.getResourceAsStream("/guests.xml")) {
            Files.copy(in, nodeXml);
        }
        config = HostConfig.libvirtTestDriver(dir, key, nodeXml).write("fence_virt.conf");
        Pacemaker.createResource(cluster.guest(1), Pacemaker.fenceXvmDevice("xvm", GuestCluster.KEY_PATH));
    }

    @Test
    void jfencedRebootsTheTestDriverDomainWhileTheContainerRunsOn() {
        try (HostDaemon jfenced = HostDaemon.jfenced(cluster.rig, dir, config)) {
            rebootGuest2AndSeeItRunOn("jfenced");
            assertTrue(jfenced.history().lines().anyMatch(l -> l.matches(".*\\breboot\\s+vm-guest2\\s+success.*")),
                    jfenced.history());
        }
    }

    @Test
    void theCFenceVirtdServesTheSameDeviceAlike() {
        try (HostDaemon c = HostDaemon.fenceVirtd(cluster.rig, dir, config)) {
            rebootGuest2AndSeeItRunOn("fence_virtd");
            assertTrue(c.log().contains("vm-guest2"), c.log());
        }
    }

    private static void rebootGuest2AndSeeItRunOn(String daemon) {
        Guest guest1 = cluster.guest(1);
        Guest guest2 = cluster.guest(2);
        guest1.sh("crm_resource --cleanup --resource xvm >/dev/null");
        Pacemaker.awaitStarted(guest1, "xvm", Duration.ofSeconds(60));
        String bootedAt = guest2.startedAt();

        ExecResult r = Pacemaker.stonithAdmin(guest1, "--reboot", "guest2", "--timeout", "90");

        assertEquals(0, r.getExitCode(), daemon + ": " + r.getStdout() + r.getStderr());
        assertTrue(Pacemaker.stonithAdmin(guest1, "--history", "guest2").getStdout().contains("reboot of guest2 successful"));
        assertEquals(bootedAt, guest2.startedAt(), "the test driver's reboot never reaches the container");
    }
}
