package org.jfenced.spi;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The group of daemons a clustered backend belongs to.
 *
 * @param group the CPG group name
 * @param myNodeId this node's corosync node id
 * @param members the node ids in the group, ascending
 * @param quorate whether this node's partition has quorum
 */
public record Membership(String group, long myNodeId, List<Long> members, boolean quorate) {

    public Membership {
        Objects.requireNonNull(group, "group");
        members = members.stream().sorted().toList();
    }

    /** The member that answers for VMs nobody has: the highest node id; -1 without members. */
    public long highest() {
        return members.isEmpty() ? -1 : Collections.max(members);
    }
}
