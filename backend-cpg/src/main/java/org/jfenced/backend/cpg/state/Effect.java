package org.jfenced.backend.cpg.state;

import java.util.List;
import java.util.Objects;
import org.jfenced.spi.FenceResult;

/**
 * What applying an event asks of the members. Every member gets the same effects; each acts on those
 * that concern it (it is the actor, or the requester).
 */
public sealed interface Effect {

    /** A request got its member to answer it (first decision, or again after the previous one left or declined). */
    record Assigned(OpenRequest request, Route route) implements Effect {
        public Assigned {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(route, "route");
        }
    }

    /**
     * A reply was accepted: the requester completes its request with it.
     *
     * @param tracked false when the group no longer tracked the request (a join cleared the table before the
     *     reply came); the requester still accepts it if it is waiting for it
     */
    record Answered(RequestKey key, FenceResult result, MemberId by, boolean tracked) implements Effect {
        public Answered {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(by, "by");
        }
    }

    /**
     * Members joined, and every member's view of the others was reset: each member publishes its VMs again
     * in a snapshot tagged with {@code view}, with {@code absent} (what it knew of nodes without a member;
     * a newcomer knows none) and its own open requests (among {@code cleared}, with their actor).
     */
    record Republish(long view, List<OpenRequest> cleared, List<GroupEvent.AbsentNode> absent) implements Effect {
        public Republish {
            cleared = List.copyOf(cleared);
            absent = List.copyOf(absent);
        }
    }

    /**
     * An operator's confirmation that a node is down was applied: its VMs count as off from now on.
     *
     * @param sender the member whose admin socket took the confirmation, which records it in its history
     */
    record ConfirmedDown(int nodeId, String operator, MemberId sender) implements Effect {
        public ConfirmedDown {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(sender, "sender");
        }
    }
}
