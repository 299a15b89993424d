package org.jfenced.nativelib.quorum;

import java.util.ArrayList;
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
 * @param flags           votequorum's {@code VOTEQUORUM_INFO_*} bits for this node
 */
public record QuorumState(boolean quorate, int expectedVotes, int highestExpected, int totalVotes, int quorum,
                          List<Integer> members, int flags) {
    /** What is known while the local corosync is unreachable: nothing, so not quorate. */
    public static final QuorumState UNKNOWN = new QuorumState(false, 0, 0, 0, 0, List.of(), 0);

    public QuorumState {
        members = List.copyOf(members);
    }

    /** A state without votequorum's setting bits. */
    public QuorumState(boolean quorate, int expectedVotes, int highestExpected, int totalVotes, int quorum,
                       List<Integer> members) {
        this(quorate, expectedVotes, highestExpected, totalVotes, quorum, members, 0);
    }

    /**
     * The votequorum settings in force with which a partition holding fewer than half of the votes may
     * still be quorate ({@code two_node}, {@code auto_tie_breaker}, {@code last_man_standing}), in that
     * order; empty when a partition is quorate only with a majority of the expected votes.
     */
    public List<String> minorityMayBeQuorate() {
        List<String> settings = new ArrayList<>();
        if ((flags & VotequorumInfo.INFO_TWONODE) != 0) {
            settings.add("two_node");
        }
        if ((flags & VotequorumInfo.INFO_AUTO_TIE_BREAKER) != 0) {
            settings.add("auto_tie_breaker");
        }
        if ((flags & VotequorumInfo.INFO_LAST_MAN_STANDING) != 0) {
            settings.add("last_man_standing");
        }
        return settings;
    }
}
