package org.jfenced.service.cluster;

import org.jfenced.nativelib.CorosyncException;
import org.jfenced.nativelib.quorum.QuorumState;

/** The running corosync of this host, as votequorum reports it. */
interface LiveCluster {

    /** The current quorum state; throws when corosync does not answer (not running, or no permission). */
    QuorumState quorum() throws CorosyncException;

    /** {@code corosync-quorumtool -e}: the votes every node of this partition expects. */
    void setExpectedVotes(int votes) throws CorosyncException;
}
