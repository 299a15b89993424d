package org.jfenced.service.cluster;

import org.jfenced.nativelib.CorosyncException;
import org.jfenced.nativelib.quorum.Quorum;
import org.jfenced.nativelib.quorum.QuorumState;

/**
 * Asks the local corosync through libvotequorum, with a connection per question: the service must work
 * before corosync runs (to create its config) and across its restarts, and a question is rare.
 */
final class VotequorumLiveCluster implements LiveCluster {

    @Override
    public QuorumState quorum() throws CorosyncException {
        try (Quorum quorum = Quorum.open(state -> { })) {
            return quorum.state();
        }
    }

    @Override
    public void setExpectedVotes(int votes) throws CorosyncException {
        try (Quorum quorum = Quorum.open(state -> { })) {
            quorum.setExpectedVotes(votes);
        }
    }
}
