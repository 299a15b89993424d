package org.jfenced.libvirt;

import static org.jfenced.libvirt.TestHosts.B_NAMES_SORTED;
import static org.jfenced.libvirt.TestHosts.hostList;
import static org.jfenced.libvirt.TestHosts.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.Health;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Against a real libvirtd that is killed, terminated, frozen and restarted: requests that need it fail
 * at once while it is gone, the other URI keeps serving, and the same backend recovers by itself.
 */
@ExtendWith(PrivateLibvirtdClass.class)
class ReconnectTest {

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectTest.class);

    /** Fail-fast bound for a request while libvirtd is down: generous, it pins "no waiting", not speed. */
    private static final long FAST_MILLIS = 3000;

    @TempDir
    Path localDir;
    PrivateLibvirtd libvirtd;
    LibvirtHost backend;
    String remoteUri;

    @BeforeEach
    void startLibvirtd() throws Exception {
        libvirtd = new PrivateLibvirtd();
        libvirtd.start();
        remoteUri = libvirtd.uri(TestHosts.copy(libvirtd.dir(), "node-a.xml"));
    }

    @AfterEach
    void stopEverything() throws Exception {
        try {
            if (backend != null) {
                backend.close();
            }
        } finally {
            libvirtd.close();
        }
    }

    @Test
    void afterSigkillRequestsFailFastTheOtherUriKeepsServingAndTheBackendRecovers() throws Exception {
        backend = TestHosts.connectedBackend(remoteUri, TestHosts.testUri(localDir, "node-b.xml"));
        assertEquals(FenceResult.SUCCESS, timed(FenceAction.STATUS, "vm-run1").result());

        libvirtd.kill();
        long worst = 0;
        for (int i = 0; i < 10; i++) {
            TimedAnswer remote = timed(FenceAction.STATUS, "vm-run1");
            assertEquals(FenceResult.FAIL, remote.result(), "a VM on the dead libvirtd");
            worst = Math.max(worst, remote.millis());
            assertEquals(FenceResult.SUCCESS, timed(FenceAction.STATUS, "vm-b-run").result(), "a VM on the other URI");
            Thread.sleep(100);
        }
        LOG.info("SIGKILL: slowest request for the dead URI took {} ms", worst);
        assertTrue(worst < FAST_MILLIS, "a request waited " + worst + " ms for the dead libvirtd");
        assertEquals(FenceResult.SUCCESS, timed(FenceAction.OFF, "Apple").result());
        assertEquals(FenceResult.FAIL, timed(FenceAction.STATUS, "no-such-vm").result(),
                "unknown is not OFF while a host that may run it is unreachable");
        assertEquals(FenceResult.SUCCESS, timed(FenceAction.DEVSTATUS, "").result());
        assertEquals(B_NAMES_SORTED, names(hostList(backend)));
        Health.Part remotePart = backend.health().parts().get(0);
        assertFalse(remotePart.up());
        assertFalse(remotePart.detail().isEmpty(), "health says why it is down");

        libvirtd.start();
        long recovery = millisUntil(() -> timed(FenceAction.STATUS, "vm-run1").result() == FenceResult.SUCCESS);
        LOG.info("SIGKILL: requests succeed again {} ms after libvirtd accepts connections", recovery);
        assertEquals(1, backend.health().parts().get(0).reconnects());
        assertTrue(backend.health().parts().get(0).up());
    }

    /** With the event loop running, the pool learns of the loss by itself, before any request fails. */
    @Test
    void afterSigtermTheLossIsNoticedWithoutARequestAndTheBackendRecovers() throws Exception {
        backend = TestHosts.connectedBackend(remoteUri);

        libvirtd.terminate();
        long noticed = millisUntil(() -> !backend.health().ok());
        LOG.info("SIGTERM: pool saw the connection close after {} ms, with no request", noticed);
        assertTrue(noticed < FAST_MILLIS, "took " + noticed + " ms");

        TimedAnswer status = timed(FenceAction.STATUS, "vm-run1");
        assertEquals(FenceResult.FAIL, status.result());
        assertTrue(status.millis() < FAST_MILLIS, status.millis() + " ms");
        assertEquals(FenceResult.FAIL, timed(FenceAction.OFF, "vm-run1").result());
        assertEquals(FenceResult.FAIL, timed(FenceAction.REBOOT, "vm-run1").result());
        assertEquals(FenceResult.FAIL, timed(FenceAction.DEVSTATUS, "").result(), "no URI is up");
        assertEquals(List.of(), hostList(backend));

        libvirtd.start();
        long recovery = millisUntil(() -> timed(FenceAction.STATUS, "vm-run1").result() == FenceResult.SUCCESS);
        LOG.info("SIGTERM: requests succeed again {} ms after libvirtd accepts connections", recovery);
        assertEquals(FenceResult.SUCCESS, timed(FenceAction.OFF, "vm-run1").result());
        assertEquals(FenceResult.SUCCESS, timed(FenceAction.DEVSTATUS, "").result());
        assertEquals(1, backend.health().parts().get(0).reconnects());
    }

    /**
     * A frozen libvirtd answers nothing. With the default keepalive the call stuck in it fails within 3 s,
     * the reopen then hangs (libvirt opens have no timeout) but only in the slot's own worker: requests keep
     * failing at once, none is answered OFF, health reports the overdue open, and once libvirtd runs again
     * the hung open completes and is used.
     */
    @Test
    void aFrozenLibvirtdFailsTheStuckCallWithin3SecondsAndNeverBlocksLaterRequests() throws Exception {
        PoolSettings settings = TestHosts.FAST.withOpenDeadline(Duration.ofSeconds(1));
        backend = new LibvirtHost(List.of(remoteUri, TestHosts.testUri(localDir, "node-b.xml")), settings);
        assertTrue(backend.pool().awaitAllUp(Duration.ofSeconds(10)));

        libvirtd.freeze();
        TimedAnswer stuck = timed(FenceAction.STATUS, "vm-run1");
        LOG.info("SIGSTOP: the call into the frozen libvirtd failed after {} ms (default keepalive)", stuck.millis());
        assertEquals(FenceResult.FAIL, stuck.result(), "a frozen libvirtd's VM is never reported OFF");
        assertTrue(stuck.millis() <= 3000, "the first request after the freeze took " + stuck.millis() + " ms");

        for (FenceAction action : List.of(FenceAction.STATUS, FenceAction.OFF, FenceAction.REBOOT)) {
            TimedAnswer later = timed(action, "vm-run1");
            assertEquals(FenceResult.FAIL, later.result(), action.toString());
            assertTrue(later.millis() < FAST_MILLIS, action + " took " + later.millis() + " ms");
        }
        millisUntil(() -> backend.health().parts().get(0).detail().contains("has not returned"));
        TimedAnswer meanwhile = timed(FenceAction.STATUS, "vm-run1");
        assertEquals(FenceResult.FAIL, meanwhile.result());
        assertTrue(meanwhile.millis() < FAST_MILLIS, meanwhile.millis() + " ms");
        assertEquals(FenceResult.SUCCESS, timed(FenceAction.STATUS, "vm-b-run").result());

        libvirtd.thaw();
        long recovery = millisUntil(() -> timed(FenceAction.STATUS, "vm-run1").result() == FenceResult.SUCCESS);
        LOG.info("SIGSTOP: requests succeed again {} ms after SIGCONT", recovery);
        assertEquals(FenceResult.SUCCESS, timed(FenceAction.OFF, "vm-run1").result());
    }

    /** An idle connection to a healthy libvirtd survives the short keepalive: probes are answered, nothing is closed. */
    @Test
    void theDefaultKeepaliveLeavesAHealthyIdleConnectionAlone() throws Exception {
        backend = new LibvirtHost(List.of(remoteUri), TestHosts.FAST);
        assertTrue(backend.pool().awaitAllUp(Duration.ofSeconds(10)));
        Thread.sleep(6000);
        assertEquals(FenceResult.SUCCESS, timed(FenceAction.STATUS, "vm-run1").result());
        assertEquals(0, backend.health().parts().get(0).reconnects());
        assertTrue(backend.health().parts().get(0).up());
    }

    /** Without keepalive a call into a frozen libvirtd would block until it thaws: the deadline answers first. */
    @Test
    void aRequestStuckInAFrozenLibvirtdIsAnsweredFailAtItsDeadline() throws Exception {
        backend = new LibvirtHost(List.of(remoteUri), TestHosts.FAST.withKeepAlive(0, 0), Duration.ofSeconds(1));
        assertTrue(backend.pool().awaitAllUp(Duration.ofSeconds(10)));

        libvirtd.freeze();
        TimedAnswer stuck = timed(FenceAction.STATUS, "vm-run1");
        assertEquals(FenceResult.FAIL, stuck.result());
        assertTrue(stuck.millis() >= 900 && stuck.millis() < FAST_MILLIS, stuck.millis() + " ms");

        libvirtd.thaw();
        millisUntil(() -> timed(FenceAction.STATUS, "vm-run1").result() == FenceResult.SUCCESS);
    }

    private TimedAnswer timed(FenceAction action, String target) {
        return TimedAnswer.of(backend, action, target);
    }

    /** Polls {@code condition} for up to 15 s; returns how long it took to hold. */
    private static long millisUntil(BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not reached within 15 s");
            }
            Thread.sleep(50);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
