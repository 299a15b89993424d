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
     */
    record Snapshot(long view, boolean first, boolean last, boolean complete, boolean reachable, List<VmInfo> vms,
                    List<OrphanList> orphans) implements GroupEvent {
        public Snapshot {
            vms = List.copyOf(vms);
            orphans = List.copyOf(orphans);
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

    /**
     * A fencing request of the sender: first announced, or announced again after a join cleared every
     * member's table of open requests.
     */
    record Call(long requestId, FenceAction action, String target, Optional<Reannouncement> again)
            implements GroupEvent {
        public Call {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(again, "again");
        }

        public static Call of(long requestId, FenceAction action, String target) {
            return new Call(requestId, action, target, Optional.empty());
        }
    }

    /**
     * What a requester re-announces with an open request.
     *
     * @param view {@link ClusterState#view()} of the join it answers; a re-announcement that reaches the
     *     group after a later join is stale (the requester re-announces again for that one) and is ignored
     * @param actor the member that was acting on it, which keeps it
     * @param declined members that found they do not have the VM
     */
    record Reannouncement(long view, Optional<MemberId> actor, Set<MemberId> declined) {
        public Reannouncement {
            Objects.requireNonNull(actor, "actor");
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

    /** A node with orphaned VMs left the corosync ring: forget them. */
    record NodeGone(int nodeId) implements GroupEvent {
    }
}
