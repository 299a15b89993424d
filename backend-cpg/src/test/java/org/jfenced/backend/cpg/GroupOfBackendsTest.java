package org.jfenced.backend.cpg;

import static org.jfenced.backend.cpg.Hosts.fence;
import static org.jfenced.backend.cpg.Hosts.hostList;
import static org.jfenced.backend.cpg.Hosts.isRunning;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jfenced.backend.cpg.state.MemberId;
import org.jfenced.libvirt.Lease;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.FencePlan;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * Three cpg backends, each with its own libvirt test driver host, in a group kept in memory: the backend's
 * glue — publishing, routing, acting, replying, timing out — without corosync. The same behaviour on a real
 * corosync cluster is in {@link CorosyncGroupTest}.
 */
class GroupOfBackendsTest {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private final InMemoryGroup group = new InMemoryGroup();
    private final QuorumSwitch quorum = new QuorumSwitch();
    private final List<CpgBackend> backends = new ArrayList<>();
    /** Per host: what its backend announced to the fence observers, with the VM's state at that moment. */
    private final Map<Integer, List<String>> announced = new ConcurrentHashMap<>();

    @BeforeEach
    void threeHosts() throws Exception {
        for (int node = 1; node <= 3; node++) {
            int n = node;
            announced.put(n, new CopyOnWriteArrayList<>());
            backends.add(CpgBackend.start(Hosts.settings(Hosts.uri(dir, node), REQUEST_TIMEOUT), Hosts.FAST,
                    group.joinerFor(node), quorum, request -> announced.get(n).add(request.action() + " "
                            + request.target() + " via " + request.origin() + ", " + stateHere(n, request.target()))));
        }
        awaitEveryonePublished();
    }

    /**
     * The VM's state read through the host's own connection on the calling thread: announcements come on a
     * libvirt thread, so a test observer can look (a real one must not: it would hold up the fence).
     */
    private String stateHere(int node, String vm) {
        try (Lease lease = host(node).pool().lease(0).orElseThrow()) {
            Domain d = lease.connect().domainLookupByName(vm);
            try {
                return d.isActive() == 1 ? "running" : "shut off";
            } finally {
                d.free();
            }
        } catch (LibvirtException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    @AfterEach
    void stop() {
        backends.forEach(CpgBackend::close);
        group.close();
    }

    private CpgBackend host(int node) {
        return backends.get(node - 1);
    }

    private void awaitEveryonePublished() throws InterruptedException {
        Hosts.await("every member sees three published members", Duration.ofSeconds(10), () -> backends.stream()
                .allMatch(b -> {
                    ClusterSnapshot s = b.snapshot().toCompletableFuture().join();
                    return s.members().size() == 3 && s.members().stream().allMatch(ClusterSnapshot.Member::published);
                }));
    }

    @Test
    void aRequestFromNodeOneIsCarriedOutOnTheHostOfTheVm() {
        assertEquals(FenceResult.SUCCESS, fence(host(1), FenceAction.STATUS, "vm-3a"));
        assertEquals(FenceResult.SUCCESS, fence(host(1), FenceAction.OFF, "vm-3a"));
        assertFalse(isRunning(host(3), "vm-3a"), "destroyed on host 3");
        assertEquals(FenceResult.OFF, fence(host(1), FenceAction.STATUS, "vm-3a"));
        assertEquals(FenceResult.SUCCESS, fence(host(2), FenceAction.ON, "vm-3a"));
        assertTrue(isRunning(host(3), "vm-3a"));
        assertEquals(FenceResult.SUCCESS, fence(host(1), FenceAction.REBOOT, "33333333-3333-4333-8333-00000000003a"));
        assertTrue(isRunning(host(3), "vm-3a"), "rebooted: running again");
    }

    /**
     * explain's plan, from node 1's copy of the map, names the member and rule that then answer the real
     * request, whose outcome names them too; a plan changes nothing.
     */
    @Test
    void thePlanNamesTheMemberAndRuleThatThenAnswer() throws Exception {
        FencePlan status = host(1).plan(new FenceRequest(FenceAction.STATUS, "vm-3a", "127.0.0.1", 0, "test"))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("3", status.actingNode());
        assertEquals("runs_there", status.rule());
        assertEquals(Optional.of(FenceResult.SUCCESS), status.expected());
        FencePlan off = host(1).plan(new FenceRequest(FenceAction.OFF, "vm-3a", "127.0.0.1", 0, "test"))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(Optional.empty(), off.expected(), "an off is decided when it acts");
        assertTrue(isRunning(host(3), "vm-3a"), "nothing was done");
        FenceOutcome done = host(1).fence(new FenceRequest(FenceAction.OFF, "vm-3a", "127.0.0.1", 99, "test"))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(new FenceOutcome(FenceResult.SUCCESS, "3", "runs_there", off.reason()), done);

        FencePlan unknown = host(2).plan(new FenceRequest(FenceAction.STATUS, "no-such-vm", "127.0.0.1", 0, "test"))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("nobody_has_it", unknown.rule());
        assertEquals("3", unknown.actingNode(), "the highest member answers for a VM nobody has");
        assertEquals(Optional.of(FenceResult.OFF), unknown.expected());
        assertEquals(FenceResult.OFF, fence(host(2), FenceAction.STATUS, "no-such-vm"));
    }

    /**
     * Host 1's daemon received these requests; host 3 carries them out without its dispatcher seeing them,
     * so its backend announces them — while the VM is still as it was, before libvirt acts. Status is no
     * power action, and a VM nobody has is answered without anyone acting.
     */
    @Test
    void powerActionsCarriedOutForAnotherHostAreAnnouncedThereBeforeLibvirtActs() {
        assertEquals(FenceResult.SUCCESS, fence(host(1), FenceAction.STATUS, "vm-3a"));
        assertEquals(FenceResult.SUCCESS, fence(host(1), FenceAction.OFF, "vm-3a"));
        assertEquals(FenceResult.SUCCESS, fence(host(2), FenceAction.ON, "vm-3a"));
        assertEquals(FenceResult.SUCCESS, fence(host(1), FenceAction.REBOOT, "vm-3a"));
        assertEquals(FenceResult.SUCCESS, fence(host(1), FenceAction.OFF, "no-such-vm"));

        assertEquals(List.of("OFF vm-3a via cpg, running", "ON vm-3a via cpg, shut off", "REBOOT vm-3a via cpg, running"),
                announced.get(3));
        assertEquals(List.of(), announced.get(1), "host 1 only asked; its dispatcher tells its own observers");
        assertEquals(List.of(), announced.get(2));
    }

    @Test
    void theListHoldsEveryVmOfEveryHostOnce() {
        Map<String, VmState> list = hostList(host(2)).stream().collect(Collectors.toMap(VmInfo::name, VmInfo::state));
        assertEquals(Map.of("vm-1a", VmState.RUNNING, "vm-1b", VmState.SHUTOFF, "vm-2a", VmState.RUNNING,
                "vm-3a", VmState.RUNNING, "vm-3b", VmState.SHUTOFF, "vm-3t", VmState.RUNNING, "shared", VmState.RUNNING,
                "cold", VmState.SHUTOFF), list);
        assertEquals(List.of("cold", "shared", "vm-1a", "vm-1b", "vm-2a", "vm-3a", "vm-3b", "vm-3t"),
                hostList(host(1)).stream().map(VmInfo::name).toList());
    }

    @Test
    void anUnknownVmIsOffIfQuorateAndAFailureOtherwise() {
        assertEquals(FenceResult.OFF, fence(host(1), FenceAction.STATUS, "no-such-vm"));
        assertEquals(FenceResult.SUCCESS, fence(host(1), FenceAction.OFF, "no-such-vm"));
        assertEquals(FenceResult.FAIL, fence(host(1), FenceAction.ON, "no-such-vm"));
        quorum.set(false);
        assertEquals(FenceResult.FAIL, fence(host(1), FenceAction.STATUS, "no-such-vm"));
        assertEquals(FenceResult.FAIL, fence(host(1), FenceAction.OFF, "no-such-vm"));
    }

    @Test
    void aVmDefinedOnTwoHostsIsOnUntilItsRunningCopyIsDestroyed() {
        assertEquals(FenceResult.SUCCESS, fence(host(1), FenceAction.STATUS, "shared"), "runs on host 3");
        assertEquals(FenceResult.SUCCESS, fence(host(1), FenceAction.OFF, "shared"));
        assertFalse(isRunning(host(3), "shared"));
        assertEquals(FenceResult.OFF, fence(host(1), FenceAction.STATUS, "shared"));
    }

    @Test
    void onStartsAVmDefinedOnTwoHostsOnExactlyOne() {
        assertEquals(FenceResult.SUCCESS, fence(host(1), FenceAction.ON, "cold"));
        assertTrue(isRunning(host(2), "cold") ^ isRunning(host(3), "cold"), "running on exactly one of hosts 2 and 3");
        assertEquals(FenceResult.SUCCESS, fence(host(3), FenceAction.ON, "cold"));
        assertTrue(isRunning(host(2), "cold") ^ isRunning(host(3), "cold"), "a second on changes nothing");
    }

    @Test
    void aVmUndefinedOnItsHostIsNoLongerItsAndIsAnswered() throws Exception {
        Hosts.onDomain(host(3), "vm-3b", d -> d.undefine());
        assertEquals(FenceResult.OFF, fence(host(1), FenceAction.STATUS, "vm-3b"), "unknown now, so off");
        Hosts.await("the group forgets vm-3b", Duration.ofSeconds(5),
                () -> hostList(host(1)).stream().noneMatch(vm -> vm.name().equals("vm-3b")));
    }

    @Test
    void aTransientVmThatIsDestroyedIsGoneAndStillAnswered() throws Exception {
        assertEquals(FenceResult.SUCCESS, fence(host(1), FenceAction.OFF, "vm-3t"));
        assertEquals(FenceResult.OFF, fence(host(2), FenceAction.STATUS, "vm-3t"));
        Hosts.await("the group forgets vm-3t", Duration.ofSeconds(5),
                () -> hostList(host(1)).stream().noneMatch(vm -> vm.name().equals("vm-3t")));
        assertEquals(FenceResult.SUCCESS, fence(host(1), FenceAction.OFF, "vm-3t"), "unknown: off");
    }

    @Test
    void aVmTheMapStillPlacesOnAHostThatNoLongerHasItIsDeclinedThereAndAnswered() throws Exception {
        MemberId one = group.memberOn(1);
        group.mute(one::equals);
        Hosts.onDomain(host(1), "vm-1b", d -> d.undefine());
        Thread.sleep(300);
        group.mute(m -> false);
        assertTrue(hostList(host(2)).stream().anyMatch(vm -> vm.name().equals("vm-1b")), "the group missed the change");
        assertEquals(FenceResult.SUCCESS, fence(host(2), FenceAction.OFF, "vm-1b"), "declined by host 1, then unknown");
        Hosts.await("host 1 lists its VMs again", Duration.ofSeconds(5),
                () -> hostList(host(2)).stream().noneMatch(vm -> vm.name().equals("vm-1b")));
    }

    @Test
    void aRequesterGivesUpWithFailWhenTheGroupNeverAnswers() {
        MemberId three = group.memberOn(3);
        group.mute(three::equals);
        long start = System.nanoTime();
        assertEquals(FenceResult.FAIL, fence(host(1), FenceAction.STATUS, "vm-3a"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= REQUEST_TIMEOUT.toMillis() - 50 && millis < REQUEST_TIMEOUT.toMillis() + 1000,
                "failed after the request timeout, not " + millis + " ms");
    }

    @Test
    void requestsTheGroupNeverAnswersEachFailAtTheirOwnTimeout() throws Exception {
        MemberId three = group.memberOn(3);
        group.mute(three::equals);
        CompletableFuture<Long> first = millisToFail(host(1), "vm-3a");
        Thread.sleep(1000);
        CompletableFuture<Long> second = millisToFail(host(1), "vm-3a");
        for (long millis : List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS))) {
            assertTrue(millis >= REQUEST_TIMEOUT.toMillis() - 50 && millis < REQUEST_TIMEOUT.toMillis() + 1000,
                    "failed after the request timeout, not " + millis + " ms");
        }
    }

    /** Sends a status and measures how long until it fails; completes exceptionally if it does not fail. */
    private static CompletableFuture<Long> millisToFail(CpgBackend backend, String vm) {
        long start = System.nanoTime();
        return backend.fence(new FenceRequest(FenceAction.STATUS, vm, "127.0.0.1", start, "test")).toCompletableFuture()
                .thenApply(outcome -> {
                    assertEquals(FenceResult.FAIL, outcome.result());
                    return (System.nanoTime() - start) / 1_000_000;
                });
    }

    @Test
    void whenTheActingHostLeavesTheSurvivorsAnswerOnceItsSelfFenceDeadlineHasPassed() throws Exception {
        MemberId three = group.memberOn(3);
        group.mute(three::equals);
        CompletableFuture<FenceResult> inFlight = host(1).fence(new FenceRequest(FenceAction.OFF, "vm-3a", "127.0.0.1",
                1, "test")).thenApply(FenceOutcome::result).toCompletableFuture();
        Thread.sleep(200);
        assertFalse(inFlight.isDone(), "host 3 acts but cannot reply");
        long crash = System.nanoTime();
        group.crash(three);
        assertEquals(FenceResult.SUCCESS, inFlight.get(10, TimeUnit.SECONDS), "vm-3a died with its host");
        long millis = (System.nanoTime() - crash) / 1_000_000;
        long deadline = Hosts.SELF_FENCE_TIMEOUT.plus(Hosts.SPLIT_SKEW).toMillis();
        assertTrue(millis >= deadline, "answered " + millis + " ms after the node left, before its self-fence deadline");
        assertEquals(FenceResult.OFF, fence(host(2), FenceAction.STATUS, "vm-3a"));
    }

    @Test
    void anOperatorsConfirmDownAnswersALeftNodesVmsAtOnceAndIsRefusedForANodeInTheCluster() throws Exception {
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> host(1).confirmDown(2, "root").toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertTrue(refused.getCause().getMessage().contains("member of the cluster"), refused.getCause().getMessage());

        group.crash(group.memberOn(3));
        CompletableFuture<FenceResult> waiting = host(1).fence(new FenceRequest(FenceAction.STATUS, "vm-3a", "127.0.0.1",
                2, "test")).thenApply(FenceOutcome::result).toCompletableFuture();
        Thread.sleep(300);
        assertFalse(waiting.isDone(), "waits for node 3's self-fence deadline");
        host(1).confirmDown(3, "root").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(FenceResult.OFF, waiting.get(5, TimeUnit.SECONDS));
    }

    @Test
    void twentyConcurrentRequestsFromEveryHostAreEachAnsweredOnce() throws Exception {
        List<CompletableFuture<FenceResult>> answers = new ArrayList<>();
        List<String> targets = List.of("vm-1a", "vm-2a", "vm-3a", "shared", "no-such-vm");
        for (int i = 0; i < 20; i++) {
            CpgBackend from = host(1 + i % 3);
            answers.add(from.fence(new FenceRequest(FenceAction.STATUS, targets.get(i % targets.size()), "127.0.0.1",
                    100 + i, "test")).thenApply(FenceOutcome::result).toCompletableFuture());
        }
        for (int i = 0; i < 20; i++) {
            FenceResult expected = targets.get(i % targets.size()).equals("no-such-vm") ? FenceResult.OFF : FenceResult.SUCCESS;
            assertEquals(expected, answers.get(i).get(5, TimeUnit.SECONDS), "request " + i);
        }
        Hosts.await("every member closed every request", Duration.ofSeconds(5), () -> backends.stream()
                .allMatch(b -> b.snapshot().toCompletableFuture().join().openRequests().isEmpty()));
    }
}
