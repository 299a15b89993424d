package org.jfenced.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every backend must do, as a suite a backend's author extends: the semantics fence_virt and
 * fence_xvm clients (and Pacemaker behind them) rely on. A subclass creates a fresh backend for each
 * test over a world with one running and one stopped VM; the suite fences them and checks both the
 * answers and what the backend reports afterwards.
 *
 * <p>Every verb must complete within {@link #verbBound()}: the bound catches a backend that hangs, it
 * is not a speed test, so it is generous.
 */
public abstract class BackendConformanceTest {

    /** A directory of each test's own, for the world the backend works on; deleted after the test. */
    @TempDir
    protected Path workDir;

    private FenceBackend backend;
    private long seqno;

    /** A new backend over a world in which {@link #runningVm()} runs and {@link #stoppedVm()} is shut off. */
    protected abstract FenceBackend createBackend() throws Exception;

    /** The name of a VM that runs when the backend is created. */
    protected abstract String runningVm();

    /** The name of a VM that is defined but shut off when the backend is created. */
    protected abstract String stoppedVm();

    /** A name no VM has. */
    protected String unknownVm() {
        return "no-such-vm-anywhere";
    }

    /** How long any verb may take before the backend counts as hanging. */
    protected Duration verbBound() {
        return Duration.ofSeconds(30);
    }

    @BeforeEach
    final void createTheBackend() throws Exception {
        backend = createBackend();
    }

    @AfterEach
    final void closeTheBackend() {
        backend.close();
    }

    /** The backend under test, for subclasses that add tests of their own. */
    protected final FenceBackend backend() {
        return backend;
    }

    /** Carries out one request and waits for its result, at most {@link #verbBound()}. */
    protected final FenceResult fence(FenceAction action, String vm) {
        FenceOutcome outcome = await(backend.fence(new FenceRequest(action, vm, "127.0.0.1", ++seqno, "conformance")),
                action + " " + vm);
        assertTrue(outcome.actingNode() != null && !outcome.actingNode().isEmpty(), "the outcome names who acted");
        return outcome.result();
    }

    private <T> T await(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(verbBound().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError(what + " did not complete within " + verbBound().toSeconds() + " s: " + e, e);
        }
    }

    private Map<String, VmInfo> hostList() {
        return await(backend.hostList(), "the host list").stream()
                .collect(Collectors.toMap(VmInfo::name, Function.identity()));
    }

    @Test
    void aRunningVmIsOn() {
        assertEquals(FenceResult.SUCCESS, fence(FenceAction.STATUS, runningVm()));
    }

    @Test
    void aStoppedVmIsOff() {
        assertEquals(FenceResult.OFF, fence(FenceAction.STATUS, stoppedVm()));
    }

    @Test
    void offStopsARunningVm() {
        assertEquals(FenceResult.SUCCESS, fence(FenceAction.OFF, runningVm()));
        assertEquals(FenceResult.OFF, fence(FenceAction.STATUS, runningVm()));
    }

    @Test
    void offOfAStoppedVmSucceedsAndLeavesItOff() {
        assertEquals(FenceResult.SUCCESS, fence(FenceAction.OFF, stoppedVm()));
        assertEquals(FenceResult.OFF, fence(FenceAction.STATUS, stoppedVm()));
    }

    @Test
    void onStartsAStoppedVm() {
        assertEquals(FenceResult.SUCCESS, fence(FenceAction.ON, stoppedVm()));
        assertEquals(FenceResult.SUCCESS, fence(FenceAction.STATUS, stoppedVm()));
    }

    @Test
    void rebootLeavesARunningVmRunning() {
        assertEquals(FenceResult.SUCCESS, fence(FenceAction.REBOOT, runningVm()));
        assertEquals(FenceResult.SUCCESS, fence(FenceAction.STATUS, runningVm()));
    }

    /** A backend that does not know a VM cannot have stopped it: off and on fail, status never says ON. */
    @Test
    void anUnknownVmIsNeverReportedDoneOrOn() {
        assertEquals(FenceResult.FAIL, fence(FenceAction.OFF, unknownVm()));
        assertEquals(FenceResult.FAIL, fence(FenceAction.ON, unknownVm()));
        assertNotEquals(FenceResult.SUCCESS, fence(FenceAction.STATUS, unknownVm()));
        assertEquals(FenceResult.FAIL, fence(FenceAction.REBOOT, unknownVm()));
    }

    @Test
    void theHostListNamesEveryVmWithItsStateSortedByName() {
        List<VmInfo> vms = await(backend.hostList(), "the host list");
        assertEquals(vms.stream().sorted(Comparator.comparing(VmInfo::name, String.CASE_INSENSITIVE_ORDER)).toList(), vms,
                "sorted by name, case-insensitively");
        Map<String, VmInfo> byName = hostList();
        assertTrue(byName.containsKey(runningVm()) && byName.containsKey(stoppedVm()), "both VMs listed: " + vms);
        assertTrue(byName.get(runningVm()).state().isOn(), "the running VM is on: " + vms);
        assertEquals(VmState.SHUTOFF, byName.get(stoppedVm()).state(), "the stopped VM is shut off: " + vms);
    }

    @Test
    void theHostListFollowsAPowerChange() {
        fence(FenceAction.OFF, runningVm());
        assertEquals(VmState.SHUTOFF, hostList().get(runningVm()).state());
    }

    @Test
    void aHealthyBackendAnswersDevstatusAndNull() {
        assertTrue(backend.health().ok(), "healthy: " + backend.health());
        assertEquals(FenceResult.SUCCESS, fence(FenceAction.DEVSTATUS, ""));
        assertEquals(FenceResult.FAIL, fence(FenceAction.NULL, runningVm()), "every backend answers null with failure");
    }

    /** After close a verb still completes, and never with a claim that something was done. */
    @Test
    void aClosedBackendAnswersWithoutActingAndClosesTwice() {
        backend.close();
        backend.close();
        CompletionStage<FenceOutcome> off =
                backend.fence(new FenceRequest(FenceAction.OFF, runningVm(), "127.0.0.1", ++seqno, "conformance"));
        FenceResult result;
        try {
            result = off.toCompletableFuture().get(verbBound().toMillis(), TimeUnit.MILLISECONDS).result();
        } catch (java.util.concurrent.ExecutionException e) {
            result = FenceResult.FAIL;
        } catch (Exception e) {
            throw new AssertionError("off on a closed backend did not complete within " + verbBound().toSeconds() + " s", e);
        }
        assertEquals(FenceResult.FAIL, result);
    }
}
