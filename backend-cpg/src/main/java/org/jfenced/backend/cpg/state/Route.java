package org.jfenced.backend.cpg.state;

import java.util.Objects;

/**
 * Who answers a request and how: the outcome of {@link RequestRouter}, the same on every member.
 *
 * @param actor the member that answers (for {@link Kind#WAIT}: the member that will tell the group when the wait is over)
 * @param rule the rule that decided it
 * @param reason for logs: why this member
 */
public record Route(Kind kind, MemberId actor, Rule rule, String reason) {

    public Route {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
    }

    public enum Kind {
        /** The actor has the VM: it checks its libvirt and carries the request out. */
        ACT,
        /**
         * No member has the VM and every member's list is complete: the highest member answers as for a VM
         * that is off (status OFF, off and reboot success, on failure) — if its partition is quorate.
         */
        ANSWER_UNKNOWN,
        /** Nobody can answer truthfully (the VM may be on a host that cannot be asked): the highest member answers FAIL. */
        REFUSE,
        /**
         * Nobody may answer yet: the VM may still run on a host that was cut off and promised to destroy it
         * by a deadline. Once the highest member tells the group the deadline has passed, the group decides
         * again; the requester's timeout bounds the wait.
         */
        WAIT
    }
}
