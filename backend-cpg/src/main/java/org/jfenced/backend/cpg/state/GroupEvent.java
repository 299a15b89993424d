package org.jfenced.backend.cpg.state;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmInfo;

/** A message of the group protocol, as {@link ClusterState} applies it; the wire form is protobuf. */
public sealed interface GroupEvent {

    /**
     * One chunk of the sender's VM list. The first chunk replaces what the group knew of the sender;
     * the sender counts as published once the last chunk is applied.
     *
     * @param complete every libvirt URI of the sender has been listed at least once, so no VM can be
     *     defined there without being in the list (a URI that went down keeps the VMs last seen on it;
     *     without libvirtd nothing is defined or started there meanwhile)
     * @param reachable every libvirt connection of the sender is up now; for people, not for decisions
     * @param absent on the last chunk: the sender's knowledge of nodes without a member whose VMs may run on
     * @param view {@link ClusterState#view()} of the join it answers; a snapshot that reaches the group
     *     after a later join is stale (the sender publishes again for that one) and is ignored
     * @param openCalls on the last chunk: the sender's open requests, which the join cleared
     * @param promise what the sender does with its VMs when it is cut off
     */
    record Snapshot(long view, boolean first, boolean last, boolean complete, boolean reachable, List<VmInfo> vms,
                    List<AbsentNode> absent, List<OpenCall> openCalls, SelfFencePromise promise) implements GroupEvent {
        public Snapshot {
            vms = List.copyOf(vms);
            absent = List.copyOf(absent);
            openCalls = List.copyOf(openCalls);
            Objects.requireNonNull(promise, "promise");
        }
    }

    /**
     * A node without a member whose VMs may still run: the VMs its daemon last published, and why nobody
     * speaks for them.
     *
     * @param complete the list covers every VM defined there (its daemon had listed every libvirt URI)
     * @param promise for {@link Fate#CUT_OFF}: what its daemon promised to do when cut off
     * @param deadlinePassed for {@link Fate#CUT_OFF}: the group was told its self-fence deadline has passed;
     *     the VMs the promise covers are no longer listed
     */
    record AbsentNode(int nodeId, Fate fate, List<VmInfo> vms, boolean complete, SelfFencePromise promise,
                      boolean deadlinePassed) {
        public AbsentNode {
            Objects.requireNonNull(fate, "fate");
            vms = List.copyOf(vms);
            Objects.requireNonNull(promise, "promise");
        }

        /** A node whose daemon left while the node stayed in the corosync ring; its daemon promised nothing. */
        public static AbsentNode orphaned(int nodeId, List<VmInfo> vms) {
            return new AbsentNode(nodeId, Fate.ORPHANED, vms, true, SelfFencePromise.NONE, false);
        }

        /** Whether the group waits for this node's self-fence deadline. */
        public boolean awaitsSelfFence() {
            return fate == Fate.CUT_OFF && !deadlinePassed && promise.holds();
        }

        /**
         * What remains once the self-fence deadline has passed: the VMs the promise does not cover; nothing
         * when it covers every VM and the list was complete (the node can run no VM unseen).
         */
        public Optional<AbsentNode> afterDeadline() {
            if (!awaitsSelfFence()) {
                return Optional.of(this);
            }
            if (complete && promise.coversEveryVm()) {
                return Optional.empty();
            }
            List<VmInfo> left = vms.stream().filter(vm -> !promise.covers(vm.name())).toList();
            return Optional.of(new AbsentNode(nodeId, fate, left, complete, promise, true));
        }

        /**
         * Two reports of one node merged: a VM either lists counts, orphaned beats cut off (no promise), and
         * the deadline counts as passed only when both say so, so that a merge never shortens a wait.
         */
        public Optional<AbsentNode> merge(AbsentNode other) {
            Map<String, VmInfo> union = new LinkedHashMap<>();
            vms.forEach(vm -> union.put(vm.uuid(), vm));
            other.vms.forEach(vm -> union.putIfAbsent(vm.uuid(), vm));
            Fate merged = fate == Fate.ORPHANED || other.fate == Fate.ORPHANED ? Fate.ORPHANED : Fate.CUT_OFF;
            SelfFencePromise kept = merged == Fate.ORPHANED ? SelfFencePromise.NONE : promise;
            AbsentNode joined = new AbsentNode(nodeId, merged, List.copyOf(union.values()), complete && other.complete,
                    kept, false);
            return deadlinePassed && other.deadlinePassed ? joined.afterDeadline() : Optional.of(joined);
        }
    }

    /** Why a node has no member while its VMs may run. */
    enum Fate {
        /** Its daemon left the group while the node stayed in the cluster: nobody speaks for its VMs. */
        ORPHANED,
        /** The node left the cluster (crash or cut) while its daemon was in the group. */
        CUT_OFF
    }

    /** Changes to the sender's VMs since its last snapshot or delta. */
    record Delta(List<VmInfo> upserted, List<String> removedUuids, boolean complete, boolean reachable)
            implements GroupEvent {
        public Delta {
            upserted = List.copyOf(upserted);
            removedUuids = List.copyOf(removedUuids);
        }
    }

    /** A fencing request of the sender. */
    record Call(long requestId, FenceAction action, String target) implements GroupEvent {
        public Call {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * An open request of the sender, re-announced in its snapshot after a join cleared every member's table.
     *
     * @param route who was answering it and how; that member keeps it while it stays
     * @param declined members that found they do not have the VM
     */
    record OpenCall(Call call, Optional<Route> route, Set<MemberId> declined) {
        public OpenCall {
            Objects.requireNonNull(call, "call");
            Objects.requireNonNull(route, "route");
            declined = Set.copyOf(declined);
        }
    }

    /** The acting member's answer. */
    record Reply(RequestKey key, FenceResult result) implements GroupEvent {
        public Reply {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(result, "result");
        }
    }

    /** The acting member found it does not have the VM; the group decides again without it. */
    record Decline(RequestKey key, String reason) implements GroupEvent {
        public Decline {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The self-fence deadline of a cut-off node has passed, as the highest member of a quorate partition
     * measured it: the VMs its promise covers are off.
     *
     * @param view {@link ClusterState#view()} when the sender saw it; after a later join the node may be
     *     back and gone again with a new deadline, so a stale one is ignored (the sender sends it again)
     */
    record DeadlinePassed(int nodeId, long view) implements GroupEvent {
    }

    /**
     * An operator confirmed that a node is down ({@code jfencectl confirm-down}): none of its VMs runs.
     * Ignored while a member is on that node.
     *
     * @param operator who confirmed it, for the history
     */
    record ConfirmDown(int nodeId, String operator) implements GroupEvent {
        public ConfirmDown {
            Objects.requireNonNull(operator, "operator");
        }
    }
}
