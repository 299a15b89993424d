package org.jfenced.nativelib.quorum;

import org.jfenced.nativelib.CorosyncException;
import org.jfenced.nativelib.CsError;

/** One libvotequorum handle; one lock around every call, like the CPG handle. */
final class VotequorumHandle {
    private final Object lock = new Object();
    private final long handle;
    private boolean finalized;

    private VotequorumHandle(long handle) {
        this.handle = handle;
    }

    static VotequorumHandle initialize(QuorumEvents events) throws CorosyncException {
        long[] handle = new long[1];
        CorosyncException.check("votequorum_initialize", VotequorumLib.votequorum_initialize(handle, QuorumCallbacks.callbacks()));
        QuorumCallbacks.register(handle[0], events);
        return new VotequorumHandle(handle[0]);
    }

    int fd() throws CorosyncException {
        int[] fd = new int[1];
        synchronized (lock) {
            CorosyncException.check("votequorum_fd_get", finalized ? badHandle() : VotequorumLib.votequorum_fd_get(handle, fd));
        }
        return fd[0];
    }

    /** Asks for the current quorum state and then every change. */
    void trackChanges() throws CorosyncException {
        synchronized (lock) {
            CorosyncException.check("votequorum_trackstart", finalized ? badHandle()
                    : VotequorumLib.votequorum_trackstart(handle, 0, VotequorumLib.CS_TRACK_CURRENT | VotequorumLib.CS_TRACK_CHANGES));
        }
    }

    void dispatchAll() throws CorosyncException {
        synchronized (lock) {
            CorosyncException.check("votequorum_dispatch", finalized ? badHandle()
                    : VotequorumLib.votequorum_dispatch(handle, VotequorumLib.CS_DISPATCH_ALL));
        }
    }

    /** {@code votequorum_getinfo} for this node. */
    VotequorumInfo info() throws CorosyncException {
        VotequorumInfo info = new VotequorumInfo();
        synchronized (lock) {
            CorosyncException.check("votequorum_getinfo", finalized ? badHandle()
                    : VotequorumLib.votequorum_getinfo(handle, VotequorumLib.LOCAL_NODE, info));
        }
        return info;
    }

    void setExpectedVotes(int expectedVotes) throws CorosyncException {
        synchronized (lock) {
            CorosyncException.check("votequorum_setexpected", finalized ? badHandle()
                    : VotequorumLib.votequorum_setexpected(handle, expectedVotes));
        }
    }

    int finalizeHandle() {
        synchronized (lock) {
            if (finalized) {
                return badHandle();
            }
            finalized = true;
            QuorumCallbacks.unregister(handle);
            return VotequorumLib.votequorum_finalize(handle);
        }
    }

    private static int badHandle() {
        return CsError.CS_ERR_BAD_HANDLE.code();
    }
}
