package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jfenced.systest.Guest.GuestRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The real-guest rig itself, and bin/jfenced when the libvirtd under it dies: the guests' network
 * leads nowhere, and a libvirtd killed while guests ask gives them failures or true answers, never
 * a false one, and service resumes once it is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuestHostSystemTest {

    private GuestWorld world;
    private GuestDaemon daemon;

    @BeforeAll
    void start() {
        world = GuestWorld.get();
        daemon = GuestDaemon.start(world, GuestDaemon.Kind.JFENCED, GuestDaemon.Transport.TCP);
    }

    @AfterAll
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void theGuestsNetworkIsABridgeWithNoRouteOut() {
        world.resetGuests();
        String routes = world.host.routes();
        assertFalse(routes.contains("default"), routes);
        assertFalse(routes.contains(" via "), "no gateway anywhere: " + routes);
        assertTrue(routes.contains("10.251.0.0/24 dev " + GuestHost.BRIDGE), routes);
        assertEquals("0", world.host.run(Duration.ofSeconds(10), "cat", "/proc/sys/net/ipv4/ip_forward").stdout().trim());
        GuestRun guestRoutes = world.g1.exec("ip route show; ip -6 route show", Duration.ofSeconds(30)).assertExit(0);
        assertFalse(guestRoutes.stdout().contains("default"), guestRoutes.toString());
        GuestRun outside = world.g1.exec("ip route get 192.0.2.1", Duration.ofSeconds(30));
        assertNotEquals(0, outside.exit(), "the guest has no way to the outside: " + outside);
    }

    @Test
    void libvirtdKilledUnderLoadGivesNoFalseResultAndServiceResumes() {
        world.resetGuests();
        String status = GuestDaemon.Transport.TCP.client("status", world.g2.name);
        List<Guest.Started> load = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            load.add(world.g1.start("for i in 1 2 3 4 5 6; do " + status + "; echo \"rc=$?\"; done"));
        }
        JfencedProcess.sleep(1500);
        world.host.killLibvirtd();
        JfencedProcess.sleep(3000);
        world.host.startLibvirtd();

        List<String> answers = new ArrayList<>();
        for (Guest.Started s : load) {
            GuestRun run = s.await(Duration.ofMinutes(4));
            run.stdout().lines().filter(l -> l.startsWith("rc=")).forEach(answers::add);
        }
        // g2 ran throughout: ON (0) or a failure (1) are true answers, OFF (2) would be a false one
        assertFalse(answers.contains("rc=2"), "a running guest was reported off: " + answers + "\n" + daemon.log());
        assertTrue(answers.contains("rc=0"), "some requests were answered: " + answers);
        assertTrue(world.g2.qemu().isPresent(), "g2 still runs");

        GuestRun after = world.g1.exec(status, RealGuestFencing.CLIENT_LIMIT);
        assertEquals(0, after.exit(), () -> "service resumes once libvirtd is back: " + after + "\n" + daemon.log());
        GuestRun off = world.g1.exec(GuestDaemon.Transport.TCP.client("off", world.g2.name), RealGuestFencing.CLIENT_LIMIT);
        assertEquals(0, off.exit(), () -> off + "\n" + daemon.log());
        assertEquals("shut off", world.g2.state());
    }

    @Test
    void aGuestDestroyedOutsideIsOffAtOnceAlsoByUuid() {
        world.resetGuests();
        String status = GuestDaemon.Transport.TCP.client("status", world.g2.uuid);
        assertEquals(0, world.g1.exec(status, RealGuestFencing.CLIENT_LIMIT).exit());

        world.host.virsh("destroy", world.g2.name);

        assertEquals(2, world.g1.exec(status, RealGuestFencing.CLIENT_LIMIT).exit());
    }
}
