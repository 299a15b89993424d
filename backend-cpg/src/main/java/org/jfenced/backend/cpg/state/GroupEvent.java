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
     * @param complete false when some of the sender's libvirt connections are down, so VMs may be
     *     missing from the list (those it saw before are kept in it)
     * @param orphans on the last chunk: the sender's knowledge of nodes whose daemon left
     */
    record Snapshot(boolean first, boolean last, boolean complete, List<VmInfo> vms, List<OrphanList> orphans)
            implements GroupEvent {
        public Snapshot {
            vms = List.copyOf(vms);
            orphans = List.copyOf(orphans);
        }
    }

    /** The VMs of a node whose daemon left the group while the node stayed in the corosync ring. */
    record OrphanList(int nodeId, boolean complete, List<VmInfo> vms) {
        public OrphanList {
            vms = List.copyOf(vms);
        }
    }

    /** Changes to the sender's VMs since its last snapshot or delta. */
    record Delta(List<VmInfo> upserted, List<String> removedUuids, boolean complete) implements GroupEvent {
        public Delta {
            upserted = List.copyOf(upserted);
            removedUuids = List.copyOf(removedUuids);
        }
    }

    /**
     * A fencing request of the sender.
     *
     * @param stickyActor when re-announced after a join: the member that was acting on it
     * @param declined when re-announced: members that found they do not have the VM
     */
    record Call(long requestId, FenceAction action, String target, Optional<MemberId> stickyActor,
                Set<MemberId> declined) implements GroupEvent {
        public Call {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(stickyActor, "stickyActor");
            declined = Set.copyOf(declined);
        }

        public static Call of(long requestId, FenceAction action, String target) {
            return new Call(requestId, action, target, Optional.empty(), Set.of());
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
