package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.jfenced.systest.Guest.GuestRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The fence scenarios of the real-guest tier: from guest {@code g1}, a real client fences guest
 * {@code g2} through one daemon and transport (the subclasses), on real qemu guests under a real
 * libvirtd. Each test starts from both guests as they were saved after booting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RealGuestFencing {

    static final Duration CLIENT_LIMIT = Duration.ofSeconds(90);

    private final GuestDaemon.Kind kind;
    private final GuestDaemon.Transport transport;
    GuestWorld world;
    GuestDaemon daemon;

    RealGuestFencing(GuestDaemon.Kind kind, GuestDaemon.Transport transport) {
        this.kind = kind;
        this.transport = transport;
    }

    String client(String action, String target) {
        return transport.client(action, target);
    }

    @BeforeAll
    void startDaemon() {
        world = GuestWorld.get();
        daemon = GuestDaemon.start(world, kind, transport);
    }

    @AfterAll
    void stopDaemon() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @BeforeEach
    void restoreGuests() {
        world.resetGuests();
        daemon.awaitPortsConnected(world);
    }

    @Test
    void offDestroysTheGuestBeforeTheClientHearsSuccess() {
        FenceWatch watch = FenceWatch.start(world.g1, world.g2);
        GuestRun run = world.g1.startMarked(client("off", world.g2.name)).await(CLIENT_LIMIT);
        FenceWatch.Moments m = watch.await();

        assertEquals(0, run.exit(), () -> run + "\n" + daemon.log());
        assertTrue(m.qemuExit() != 0 && m.qemuExit() <= m.clientDone(), () -> "qemu must be gone first: " + m);
        assertTrue(m.libvirtOff() != 0 && m.libvirtOff() <= m.clientDone(), () -> "libvirt must say shut off first: " + m);
        assertEquals("shut off", world.g2.state());
        System.out.println("guest-timing " + daemon + " off: " + m);
    }

    @Test
    void onStartsAGuestThatIsOff() {
        world.host.virsh("destroy", world.g2.name);

        GuestRun run = world.g1.exec(client("on", world.g2.name), CLIENT_LIMIT);

        assertEquals(0, run.exit(), () -> run + "\n" + daemon.log());
        assertEquals("running", world.g2.state());
        assertTrue(world.g2.qemu().isPresent(), "a qemu process runs the guest");
    }

    @Test
    void rebootReplacesTheGuestsQemuProcess() {
        long before = world.g2.qemu().orElseThrow().pid();

        GuestRun run = world.g1.exec(client("reboot", world.g2.name), CLIENT_LIMIT);

        assertEquals(0, run.exit(), () -> run + "\n" + daemon.log());
        assertEquals("running", world.g2.state());
        assertNotEquals(before, world.g2.qemu().orElseThrow().pid(), "the old qemu process was destroyed");
        assertTrue(ProcessHandle.of(before).isEmpty() || !ProcessHandle.of(before).get().isAlive());
    }

    @Test
    void statusIsOnForARunningGuestAndOffAtOnceWhenItWasDestroyedOutside() {
        GuestRun on = world.g1.exec(client("status", world.g2.name), CLIENT_LIMIT);
        assertEquals(0, on.exit(), () -> on + "\n" + daemon.log());

        world.host.virsh("destroy", world.g2.name);
        GuestRun off = world.g1.exec(client("status", world.g2.name), CLIENT_LIMIT);

        assertEquals(2, off.exit(), () -> off + "\n" + daemon.log());
    }

    @Test
    void listShowsBothGuestsWithTheirUuidsAndPower() {
        world.host.virsh("destroy", world.g2.name);

        GuestRun run = world.g1.exec(client("list", null), CLIENT_LIMIT);

        assertEquals(0, run.exit(), () -> run + "\n" + daemon.log());
        assertTrue(run.stdout().matches("(?s).*\\bg1\\s+" + world.g1.uuid + " on\\b.*"), run::toString);
        assertTrue(run.stdout().matches("(?s).*\\bg2\\s+" + world.g2.uuid + " off\\b.*"), run::toString);
    }
}
