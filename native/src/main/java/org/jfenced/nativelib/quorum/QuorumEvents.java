package org.jfenced.nativelib.quorum;

/** What libvotequorum's callbacks report for one handle, copied out of native memory. */
interface QuorumEvents {
    /** {@code nodes} holds {nodeid, state} pairs. */
    void quorumChanged(boolean quorate, int[] nodes);

    void expectedVotesChanged(int expectedVotes);

    void callbackFailed(Throwable failure);
}
