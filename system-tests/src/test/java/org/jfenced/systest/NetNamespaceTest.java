package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The namespace fixture the multicast (and cluster) system tests build on. */
class NetNamespaceTest {

    @TempDir
    Path dir;

    private static String ipNetnsList() {
        ClientRun r = FenceVirt.exec(List.of("ip", "netns", "list"), null);
        assertEquals(0, r.exit(), r.toString());
        return r.stdout();
    }

    @Test
    void aCommandRunsInsideAndSeesOnlyTheNamespacesOwnDevices() {
        try (NetNamespace ns = NetNamespace.create()) {
            ClientRun r = ns.run(Duration.ofSeconds(10), null, "ip", "-o", "link", "show");
            assertEquals(0, r.exit(), r.toString());
            assertEquals(List.of("lo"), r.stdout().lines().map(l -> l.split(":\\s*")[1]).toList());
            assertTrue(r.stdout().contains("UP"), "lo is up: " + r.stdout());
        }
    }

    @Test
    void closingStopsEveryProcessStartedInsideAndDeletesTheNamespace() {
        NetNamespace ns = NetNamespace.create();
        Process sleeper;
        try {
            sleeper = ns.start(dir.resolve("sleep.log"), List.of("sleep", "600"));
            assertTrue(ipNetnsList().contains(ns.name()));
            assertTrue(sleeper.isAlive());
        } finally {
            ns.close();
        }
        assertFalse(sleeper.isAlive());
        assertFalse(ipNetnsList().contains(ns.name()));
    }

    @Test
    void linkedNamespacesShareALinkWithAddressesOnBothEnds() {
        try (GuestNetwork net = GuestNetwork.create("10.231.0.12/24")) {
            assertTrue(net.host.ip("-4", "addr", "show", "dev", GuestNetwork.HOST_IF).contains(GuestNetwork.HOST_V4));
            String guest = net.guest.ip("addr", "show", "dev", GuestNetwork.GUEST_IF);
            assertTrue(guest.contains(GuestNetwork.GUEST_V4) && guest.contains("10.231.0.12")
                    && guest.contains(GuestNetwork.GUEST_V6), guest);
            assertTrue(net.guestLinkLocal().startsWith("fe80::"));
            assertFalse(guest.contains("tentative"), "addresses are usable at once: " + guest);
        }
    }
}
