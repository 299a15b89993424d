package org.jfenced.nativelib.quorum;

import org.jfenced.nativelib.CorosyncException;

/** Receives quorum changes on the quorum connection's dispatch thread; should not block. */
public interface QuorumListener {
    /** The quorum state changed (also called once right after opening and after every reconnect). */
    void onQuorumChange(QuorumState state);

    /** The local corosync went away; until the next {@link #onQuorumChange} this node is not quorate. */
    default void onCorosyncLost(CorosyncException cause) {
    }
}
