package org.jfenced.backend.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.Test;

class ContainerBackendTest {

    private final FakeEngine engine = new FakeEngine().with("vm-b", "running").with("vm-a", "exited");
    private final ContainerBackend backend = new ContainerBackend(engine);

    private FenceResult ask(FenceAction action, String target) {
        FenceOutcome outcome = backend.fence(new FenceRequest(action, target, "10.0.0.1", 1, "test"))
                .toCompletableFuture().join();
        assertEquals(FenceOutcome.THIS_NODE, outcome.actingNode());
        return outcome.result();
    }

    @Test
    void statusIsOnForARunningContainerAndOffForAStoppedOrUnknownOne() {
        assertEquals(FenceResult.SUCCESS, ask(FenceAction.STATUS, "vm-b"));
        assertEquals(FenceResult.OFF, ask(FenceAction.STATUS, "vm-a"));
        assertEquals(FenceResult.OFF, ask(FenceAction.STATUS, "vm-nowhere"));
    }

    @Test
    void statusFailsWhenTheEngineCannotBeAsked() {
        engine.down = true;
        assertEquals(FenceResult.FAIL, ask(FenceAction.STATUS, "vm-b"));
        assertFalse(backend.health().ok());
        assertTrue(backend.health().summary().contains("Cannot connect"), backend.health().summary());
    }

    @Test
    void offKillsARunningContainerAndSucceedsOnceItStopped() {
        assertEquals(FenceResult.SUCCESS, ask(FenceAction.OFF, "vm-b"));
        assertEquals(List.of("kill vm-b"), engine.calls);
        assertEquals(FenceResult.OFF, ask(FenceAction.STATUS, "vm-b"));
    }

    @Test
    void offOfAStoppedContainerSucceedsWithoutKilling() {
        assertEquals(FenceResult.SUCCESS, ask(FenceAction.OFF, "vm-a"));
        assertEquals(List.of(), engine.calls);
    }

    @Test
    void offOnAndRebootOfAnUnknownContainerFailAndTouchNothing() {
        assertEquals(FenceResult.FAIL, ask(FenceAction.OFF, "vm-nowhere"));
        assertEquals(FenceResult.FAIL, ask(FenceAction.ON, "vm-nowhere"));
        assertEquals(FenceResult.FAIL, ask(FenceAction.REBOOT, "vm-nowhere"));
        assertEquals(List.of(), engine.calls);
    }

    @Test
    void onStartsAStoppedContainerOnly() {
        assertEquals(FenceResult.SUCCESS, ask(FenceAction.ON, "vm-a"));
        assertEquals(FenceResult.SUCCESS, ask(FenceAction.ON, "vm-b"));
        assertEquals(List.of("start vm-a"), engine.calls);
    }

    @Test
    void rebootKillsThenStartsAndAFailedStartStillCountsAsFenced() {
        assertEquals(FenceResult.SUCCESS, ask(FenceAction.REBOOT, "vm-b"));
        assertEquals(List.of("kill vm-b", "start vm-b"), engine.calls);
        engine.startFails = true;
        assertEquals(FenceResult.SUCCESS, ask(FenceAction.REBOOT, "vm-b"));
        assertEquals(FenceResult.OFF, ask(FenceAction.STATUS, "vm-b"));
    }

    @Test
    void aSecondRebootOfTheSameGuestWaitsUntilTheFirstStartedItAgain() {
        engine.killGate = new CompletableFuture<>();
        var first = backend.fence(new FenceRequest(FenceAction.REBOOT, "vm-b", "10.0.0.1", 1, "test"));
        var retry = backend.fence(new FenceRequest(FenceAction.REBOOT, "vm-b", "10.0.0.1", 2, "test"));
        assertEquals(List.of("kill vm-b"), engine.calls, "the retry waits for the first reboot");
        engine.killGate.complete(null);
        assertEquals(FenceResult.SUCCESS, first.toCompletableFuture().join().result());
        assertEquals(FenceResult.SUCCESS, retry.toCompletableFuture().join().result());
        assertEquals(List.of("kill vm-b", "start vm-b", "kill vm-b", "start vm-b"), engine.calls);
        assertEquals(FenceResult.SUCCESS, ask(FenceAction.STATUS, "vm-b"), "the guest runs in the end");
    }

    @Test
    void rebootOfAStoppedContainerLeavesItStopped() {
        assertEquals(FenceResult.SUCCESS, ask(FenceAction.REBOOT, "vm-a"));
        assertEquals(List.of(), engine.calls);
    }

    @Test
    void aFailedKillIsAFailedFence() {
        engine.down = true;
        assertEquals(FenceResult.FAIL, ask(FenceAction.OFF, "vm-b"));
    }

    @Test
    void aContainerIsNamedByItsNameOrItsIdInUuidForm() {
        String uuid = engine.containers.get(0).uuid();
        assertEquals("00000000-0000-0000-0000-000000000000", uuid);
        assertEquals(FenceResult.SUCCESS, ask(FenceAction.OFF, uuid.toUpperCase()));
        assertEquals(List.of("kill vm-b"), engine.calls);
    }

    @Test
    void theHostListHasEveryContainerSortedWithItsState() {
        List<VmInfo> list = backend.hostList().toCompletableFuture().join();
        assertEquals(List.of("vm-b", "vm-a"), list.stream().map(VmInfo::name).toList(),
                "the engine's order: sorting is the parser's job");
        assertEquals(VmState.RUNNING, list.get(0).state());
        assertEquals(VmState.SHUTOFF, list.get(1).state());
    }

    @Test
    void devstatusAsksTheEngine() {
        assertEquals(FenceResult.SUCCESS, ask(FenceAction.DEVSTATUS, ""));
        engine.down = true;
        assertEquals(FenceResult.FAIL, ask(FenceAction.DEVSTATUS, ""));
    }
}
