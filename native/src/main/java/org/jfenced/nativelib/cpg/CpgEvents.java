package org.jfenced.nativelib.cpg;

/**
 * What libcpg's callbacks report for one handle, already copied out of native memory (the pointers libcpg
 * passes are valid only during the callback). Called on the thread running {@code cpg_dispatch}.
 * Address lists are {nodeid, pid, reason} triples.
 */
interface CpgEvents {
    void delivered(int nodeId, int pid, byte[] message);

    void membershipChanged(int[] members, int[] left, int[] joined);

    void ringChanged(int ringNodeId, long ringSeq, int[] nodeIds);

    /** Copying an event out failed: that event is lost, so the session cannot go on as if nothing happened. */
    void callbackFailed(Throwable failure);
}
