package org.jfenced.nativelib.quorum;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/** libvotequorum ({@code <corosync/votequorum.h>} of corosync 3.1), directly mapped, loaded by SONAME. */
final class VotequorumLib {
    static final int CS_DISPATCH_ALL = 2;
    static final int CS_TRACK_CURRENT = 0x01;
    static final int CS_TRACK_CHANGES = 0x02;
    /** {@code nodeid} argument of getinfo meaning "this node". */
    static final int LOCAL_NODE = 0;
    static final int NODESTATE_MEMBER = 1;

    static {
        try {
            Native.register(VotequorumLib.class, NativeLibrary.getInstance("libvotequorum.so.8"));
        } catch (UnsatisfiedLinkError e) {
            throw new UnsatisfiedLinkError("cannot load libvotequorum.so.8 (Debian/Ubuntu package libvotequorum8, "
                    + "RPM corosynclib): " + e.getMessage());
        }
    }

    private VotequorumLib() {
    }

    static native int votequorum_initialize(long[] handle, VotequorumCallbacks callbacks);

    static native int votequorum_finalize(long handle);

    static native int votequorum_fd_get(long handle, int[] fd);

    static native int votequorum_dispatch(long handle, int dispatchTypes);

    static native int votequorum_getinfo(long handle, int nodeid, VotequorumInfo info);

    static native int votequorum_setexpected(long handle, int expectedVotes);

    static native int votequorum_trackstart(long handle, long context, int flags);
}
