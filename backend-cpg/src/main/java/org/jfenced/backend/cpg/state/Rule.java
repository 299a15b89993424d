package org.jfenced.backend.cpg.state;

/**
 * The rule of {@link RequestRouter} that decided a request, named so that it can be logged and recorded:
 * each says why the answer can be trusted (or why nobody may answer).
 */
public enum Rule {
    /** The VM is on at a member: that member acts on it. */
    RUNS_THERE,
    /** The VM is defined but off at members, and no host could run it unseen: the lowest of them acts. */
    DEFINED_THERE,
    /** No member and no absent host has the VM, and none could run it unseen: it is off (if quorate). */
    NOBODY_HAS_IT,
    /** A member is carrying out another request for the same VM: it answers this one too. */
    BUSY_THERE,
    /** The request was answered by a member before a join; that member keeps it. */
    KEPT_ACROSS_JOIN,
    /** {@code name_mode = "uuid"} and the target is not a UUID. */
    NOT_A_UUID,
    /** The VM was last seen at a node whose jfenced left while the node stayed: it may run on, nobody can tell. */
    ORPHANED,
    /** A node that could run the VM unseen: its jfenced is gone, or it has not listed its libvirt. */
    UNSEEN,
    /**
     * The VM was at a host that left the cluster and promised to destroy it when cut off: the answer waits
     * for the host's self-fence deadline.
     */
    AWAITING_SELF_FENCE,
    /** The VM was at a host that left the cluster without a promise covering it: FAIL until confirmed down. */
    NOT_SELF_FENCED,
    /**
     * A node in the corosync ring has no jfenced in the group — it never ran one, its daemon died before
     * joining, or it came back into the ring without one: it could run the VM unseen.
     */
    RING_MEMBER_WITHOUT_DAEMON
}
