package org.jfenced.nativelib.quorum;

import java.util.List;

/**
 * This node's view of votequorum.
 *
 * @param quorate         whether this node's partition may act for the cluster
 * @param expectedVotes   the votes this node expects the cluster to have (configured, or set at run time)
 * @param highestExpected the highest expected votes among the nodes in this partition
 * @param totalVotes      the votes present in this partition
 * @param quorum          the votes needed to be quorate
 * @param members         node ids in this partition, ascending
 */
public record QuorumState(boolean quorate, int expectedVotes, int highestExpected, int totalVotes, int quorum,
                          List<Integer> members) {
    /** What is known while the local corosync is unreachable: nothing, so not quorate. */
    public static final QuorumState UNKNOWN = new QuorumState(false, 0, 0, 0, 0, List.of());

    public QuorumState {
        members = List.copyOf(members);
    }
}
