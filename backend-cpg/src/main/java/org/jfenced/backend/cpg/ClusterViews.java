package org.jfenced.backend.cpg;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jfenced.backend.cpg.state.ClusterState;
import org.jfenced.backend.cpg.state.GroupEvent;
import org.jfenced.backend.cpg.state.MemberId;
import org.jfenced.backend.cpg.state.VmMap;
import org.jfenced.spi.VmInfo;

/** What the group looks like from here: the cluster-wide VM list, and the snapshot the admin socket shows. */
final class ClusterViews {

    /** After a join the members publish again within milliseconds; a list waits that long at most. */
    private static final Duration LIST_SETTLE_WAIT = Duration.ofSeconds(2);
    private static final Duration LIST_SETTLE_POLL = Duration.ofMillis(20);

    private final String group;
    private final GroupExecutor executor;
    private final ScheduledExecutorService timers;
    private final ClusterState state;
    private final SelfFenceDeadlines deadlines;
    private final QuorumView quorum;
    private final SelfFencer selfFencer;

    ClusterViews(String group, GroupExecutor executor, ScheduledExecutorService timers, ClusterState state,
            SelfFenceDeadlines deadlines, QuorumView quorum, SelfFencer selfFencer) {
        this.group = group;
        this.executor = executor;
        this.timers = timers;
        this.state = state;
        this.deadlines = deadlines;
        this.quorum = quorum;
        this.selfFencer = selfFencer;
    }

    /** Every VM of every member: the first member's name, on if it is on anywhere. */
    CompletionStage<List<VmInfo>> hostList() {
        CompletableFuture<List<VmInfo>> answer = new CompletableFuture<>();
        long deadline = System.nanoTime() + LIST_SETTLE_WAIT.toNanos();
        executor.execute(() -> listWhenSettled(answer, deadline), () -> answer.completeExceptionally(closed()));
        return answer;
    }

    /** The group as this member sees it: members, this member, quorum, the VM map with owners, the requests in flight. */
    CompletionStage<ClusterSnapshot> snapshot() {
        CompletableFuture<ClusterSnapshot> answer = new CompletableFuture<>();
        executor.execute(() -> executor.later(() -> answer.complete(describeCluster())),
                () -> answer.completeExceptionally(closed()));
        return answer;
    }

    private void listWhenSettled(CompletableFuture<List<VmInfo>> answer, long deadline) {
        if (!executor.inGroup()) {
            executor.later(() -> answer.completeExceptionally(new IllegalStateException("not in group " + group)));
            return;
        }
        if (!state.map().allPublished() && System.nanoTime() < deadline) {
            try {
                timers.schedule(() -> executor.execute(() -> listWhenSettled(answer, deadline),
                        () -> answer.completeExceptionally(closed())), LIST_SETTLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (RejectedExecutionException e) {
                executor.later(() -> answer.completeExceptionally(closed()));
                return;
            }
        }
        Map<String, VmInfo> all = new LinkedHashMap<>();
        for (MemberId m : state.map().members()) {
            for (VmInfo vm : state.map().vmsOf(m)) {
                all.merge(vm.uuid(), vm, (a, b) -> a.state().isOn() || !b.state().isOn() ? a : new VmInfo(a.name(), a.uuid(), b.state()));
            }
        }
        List<VmInfo> list = new ArrayList<>(all.values());
        list.sort(Comparator.comparing(VmInfo::name, String.CASE_INSENSITIVE_ORDER).thenComparing(VmInfo::name));
        executor.later(() -> answer.complete(list));
    }

    private ClusterSnapshot describeCluster() {
        VmMap map = state.map();
        List<ClusterSnapshot.Member> members = new ArrayList<>();
        List<ClusterSnapshot.PlacedVm> vms = new ArrayList<>();
        for (MemberId m : map.members()) {
            members.add(new ClusterSnapshot.Member(m, map.isPublished(m), map.isComplete(m), map.isReachable(m),
                    map.vmsOf(m).size()));
            map.vmsOf(m).forEach(vm -> vms.add(new ClusterSnapshot.PlacedVm(vm, m.nodeId(), false)));
        }
        List<ClusterSnapshot.Absent> absent = new ArrayList<>();
        Map<Integer, Long> remaining = deadlines.remaining(System.nanoTime());
        for (GroupEvent.AbsentNode node : map.absentList()) {
            node.vms().forEach(vm -> vms.add(new ClusterSnapshot.PlacedVm(vm, node.nodeId(), true)));
            absent.add(new ClusterSnapshot.Absent(node, Optional.ofNullable(remaining.get(node.nodeId())).map(Duration::ofNanos)));
        }
        vms.sort(Comparator.comparing((ClusterSnapshot.PlacedVm p) -> p.vm().name(), String.CASE_INSENSITIVE_ORDER)
                .thenComparingInt(ClusterSnapshot.PlacedVm::nodeId));
        GroupChannel c = executor.channel();
        return new ClusterSnapshot(group, c == null ? null : c.self(), executor.inGroup(), quorum.isQuorate(),
                members, vms, absent, state.ringMembersWithoutDaemon(), List.copyOf(state.openRequests()), selfFencer.status());
    }

    private static IllegalStateException closed() {
        return new IllegalStateException("cpg backend closed");
    }
}
