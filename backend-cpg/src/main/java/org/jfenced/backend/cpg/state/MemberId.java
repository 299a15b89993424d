package org.jfenced.backend.cpg.state;

import java.util.Comparator;

/**
 * A member of the CPG group: a daemon process on a corosync node. Ordered by node id, then pid, so
 * "the highest member" and every tie-break mean the same on every member.
 */
public record MemberId(int nodeId, int pid) implements Comparable<MemberId> {

    private static final Comparator<MemberId> ORDER = Comparator.comparingLong((MemberId m) -> Integer.toUnsignedLong(m.nodeId))
            .thenComparingLong(m -> Integer.toUnsignedLong(m.pid));

    @Override
    public int compareTo(MemberId other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return Integer.toUnsignedString(nodeId) + "/" + Integer.toUnsignedString(pid);
    }
}
