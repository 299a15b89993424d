package org.jfenced.nativelib.cpg;

import java.util.List;
import org.jfenced.nativelib.CorosyncException;

/**
 * Receives a group's events. Every method is called on the group's one dispatch thread, in the order
 * corosync delivers the events; a method should hand work off rather than block, because no further event
 * is dispatched until it returns. An exception thrown here is logged and the next event still arrives.
 */
public interface CpgListener {
    /**
     * A message multicast to the group. Every member receives the same messages in the same order, the
     * sender its own messages included.
     */
    void onMessage(int nodeId, int pid, byte[] message);

    /**
     * The membership changed.
     *
     * @param members everyone in the group now, this member included
     * @param joined  who came in (the first call after joining lists this member itself)
     * @param left    who went away; {@link CpgReason#NODEDOWN} when a node was lost, not a process
     */
    void onMembership(List<CpgMember> members, List<CpgMemberChange> joined, List<CpgMemberChange> left);

    /**
     * The totem ring changed; comes after every {@link #onMembership} of that change, so the membership is
     * stable when it arrives.
     */
    default void onRingChange(CpgRing ring, List<Integer> nodeIds) {
    }

    /**
     * The local corosync went away. Until {@link #onMembershipRestarted}, no events arrive and
     * {@link CpgGroup#send} fails; the group reconnects by itself.
     */
    default void onCorosyncLost(CorosyncException cause) {
    }

    /**
     * Reconnected and rejoined after {@link #onCorosyncLost}: everything learnt about the group before is void.
     * The next {@link #onMembership} lists every member afresh.
     */
    default void onMembershipRestarted() {
    }
}
