package org.jfenced.backend.cpg.state;

import java.util.Objects;

/**
 * A member that left the group.
 *
 * @param nodeGone whether its node left the corosync ring (crash, partition) rather than only the daemon
 *     (stopped, killed, or its corosync shut down in order); when only the daemon left, the node's VMs
 *     are presumably still running
 */
public record Departure(MemberId member, boolean nodeGone) {

    public Departure {
        Objects.requireNonNull(member, "member");
    }

    @Override
    public String toString() {
        return member + (nodeGone ? " (node down)" : " (daemon gone)");
    }
}
