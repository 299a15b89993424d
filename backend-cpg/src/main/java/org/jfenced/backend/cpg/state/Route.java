package org.jfenced.backend.cpg.state;

import java.util.Objects;

/**
 * Who answers a request and how: the outcome of {@link RequestRouter}, the same on every member.
 *
 * @param actor the member that answers
 * @param reason for logs: why this member
 */
public record Route(Kind kind, MemberId actor, String reason) {

    public Route {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(actor, "actor");
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
        REFUSE
    }
}
