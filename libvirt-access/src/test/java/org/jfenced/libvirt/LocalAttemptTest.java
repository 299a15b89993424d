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
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link LibvirtHost#attempt}: one lookup tells a VM that is not on this host from one libvirt cannot
 * reach, the observer hears of a power action only when the VM was found, and a power action's answer
 * carries the VM's state before and after it (a status's carries none).
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
            assertEquals(new LocalAttempt.Answered(FenceResult.SUCCESS, "running", "shut off"),
                    attempt(host, FenceAction.OFF, "vm-run1"));
            assertEquals(1, told.size());
            assertEquals(FenceAction.OFF, told.get(0).action());
            assertEquals("vm-run1", told.get(0).target());
            assertEquals(VmState.SHUTOFF, TestHosts.listedState(host, "vm-run1"));
        }
    }

    /** {@code gone}: a transient VM is undefined by its destroy; a reboot's state after is the VM started again. */
    @ParameterizedTest(name = "{0} {1}: {2} -> {3}")
    @CsvSource({
        "ON, vm-off1, shut off, running",
        "OFF, vm-off1, shut off, shut off",
        "OFF, vm-paused, paused, shut off",
        "OFF, vm-transient, running, gone",
        "REBOOT, vm-run1, running, running",
    })
    void aPowerActionsAnswerCarriesTheVmsStateBeforeAndAfter(FenceAction action, String vm, String before, String after)
            throws Exception {
        try (LibvirtHost host = TestHosts.connectedBackend(TestHosts.testUri(dir, "node-a.xml"))) {
            assertEquals(new LocalAttempt.Answered(FenceResult.SUCCESS, before, after), attempt(host, action, vm));
        }
    }

    @Test
    void theBackendsOutcomeCarriesTheStatesToTheJournal() throws Exception {
        try (LibvirtHost host = TestHosts.connectedBackend(TestHosts.testUri(dir, "node-a.xml"))) {
            FenceRequest off = new FenceRequest(FenceAction.OFF, "vm-run1", "127.0.0.1", ++seqno, "test");
            FenceOutcome outcome = host.fence(off).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(FenceOutcome.local(FenceResult.SUCCESS, "running", "shut off"), outcome);
        }
    }

    @Test
    void aStatusIsAnsweredWithoutTellingAnyoneOrReadingStates() throws Exception {
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
