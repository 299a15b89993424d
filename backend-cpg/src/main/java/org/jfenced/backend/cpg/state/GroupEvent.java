package org.jfenced.backend.cpg.state;

import java.util.List;
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
     * @param orphans on the last chunk: the sender's knowledge of nodes whose daemon left
     * @param view {@link ClusterState#view()} of the join it answers; a snapshot that reaches the group
     *     after a later join is stale (the sender publishes again for that one) and is ignored
     * @param openCalls on the last chunk: the sender's open requests, which the join cleared
     */
    record Snapshot(long view, boolean first, boolean last, boolean complete, boolean reachable, List<VmInfo> vms,
                    List<OrphanList> orphans, List<OpenCall> openCalls) implements GroupEvent {
        public Snapshot {
            vms = List.copyOf(vms);
            orphans = List.copyOf(orphans);
            openCalls = List.copyOf(openCalls);
        }
    }

    /** The VMs last published by a node's daemon that left the group while the node stayed in the corosync ring. */
    record OrphanList(int nodeId, List<VmInfo> vms) {
        public OrphanList {
            vms = List.copyOf(vms);
        }
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
     * A node with orphaned VMs left the corosync ring: forget them.
     *
     * @param view {@link ClusterState#view()} when the sender saw it; after a later join the node may be
     *     back with a daemon that has left again, so a stale one is ignored (the sender sends it again if
     *     the node is still gone)
     */
    record NodeGone(int nodeId, long view) implements GroupEvent {
    }
}
