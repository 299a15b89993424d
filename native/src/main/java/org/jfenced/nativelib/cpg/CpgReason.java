package org.jfenced.nativelib.cpg;

/** {@code cpg_reason_t}: why a member joined or left. */
public enum CpgReason {
    UNDEFINED,
    /** The member called join. */
    JOIN,
    /** The member called leave. */
    LEAVE,
    /** The member's node dropped out of the ring: crashed, cut off, or on the other side of a partition. */
    NODEDOWN,
    /** The member's node came back into the ring (a partition healed). */
    NODEUP,
    /** The member's process exited or closed its connection without leaving, or its corosync shut down. */
    PROCDOWN;

    static CpgReason of(int code) {
        return code > 0 && code < values().length ? values()[code] : UNDEFINED;
    }
}
