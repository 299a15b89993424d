package org.jfenced.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LibvirtHost#attempt}: one lookup tells a VM that is not on this host from one libvirt cannot
 * reach, and the observer hears of a power action only when the VM was found.
 */
class LocalAttemptTest {

    @TempDir
    Path dir;

    private final List<FenceRequest> told = new CopyOnWriteArrayList<>();
    private long seqno;

    @Test
    void aVmNoUriKnowsIsNotHereAndNobodyIsTold() throws Exception {
        try (LibvirtHost host = TestHosts.connectedBackend(TestHosts.testUri(dir, "node-a.xml"))) {
            assertInstanceOf(LocalAttempt.NotHere.class, attempt(host, FenceAction.OFF, "no-such-vm"));
            assertInstanceOf(LocalAttempt.NotHere.class, attempt(host, FenceAction.STATUS, "no-such-vm"));
            assertEquals(List.of(), told);
        }
    }

    @Test
    void aVmNotOnTheReachableUrisWhileOneIsDownIsUnreachableNotAbsent() throws Exception {
        String down = "test+unix:///default?socket=" + dir.resolve("no-libvirtd-here.sock");
        try (LibvirtHost host = new LibvirtHost(List.of(down, TestHosts.testUri(dir, "node-a.xml")), TestHosts.FAST)) {
            assertTrue(host.pool().awaitFirstAttempts(Duration.ofSeconds(10)));
            LocalAttempt attempt = attempt(host, FenceAction.OFF, "no-such-vm");
            LocalAttempt.Unreachable unreachable = assertInstanceOf(LocalAttempt.Unreachable.class, attempt);
            assertTrue(unreachable.problem().contains(down), unreachable.problem());
            assertEquals(List.of(), told);
        }
    }

    @Test
    void anOffFoundHereIsToldBeforeItIsCarriedOut() throws Exception {
        try (LibvirtHost host = TestHosts.connectedBackend(TestHosts.testUri(dir, "node-a.xml"))) {
            assertEquals(new LocalAttempt.Answered(FenceResult.SUCCESS), attempt(host, FenceAction.OFF, "vm-run1"));
            assertEquals(1, told.size());
            assertEquals(FenceAction.OFF, told.get(0).action());
            assertEquals("vm-run1", told.get(0).target());
            assertEquals(VmState.SHUTOFF, TestHosts.listedState(host, "vm-run1"));
        }
    }

    @Test
    void aStatusIsAnsweredWithoutTellingAnyone() throws Exception {
        try (LibvirtHost host = TestHosts.connectedBackend(TestHosts.testUri(dir, "node-a.xml"))) {
            assertEquals(new LocalAttempt.Answered(FenceResult.SUCCESS), attempt(host, FenceAction.STATUS, "vm-run1"));
            assertEquals(new LocalAttempt.Answered(FenceResult.OFF), attempt(host, FenceAction.STATUS, "vm-off1"));
            assertEquals(List.of(), told);
        }
    }

    private LocalAttempt attempt(LibvirtHost host, FenceAction action, String target) throws Exception {
        FenceRequest request = new FenceRequest(action, target, "127.0.0.1", ++seqno, "test");
        return host.attempt(request, told::add).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
