package org.jfenced.nativelib.cpg;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * libcpg, directly mapped: a proxied interface costs about 0.5 µs per call, direct mapping about 0.1 µs.
 * Loaded by SONAME, because the unversioned {@code libcpg.so} exists only with the -dev package. Signatures
 * follow {@code <corosync/cpg.h>} of corosync 3.1 (the man pages are wrong about iovec and dispatch).
 */
final class CpgLib {
    static final int CS_DISPATCH_ALL = 2;
    static final int CPG_TYPE_AGREED = 2;

    static {
        try {
            Native.register(CpgLib.class, NativeLibrary.getInstance("libcpg.so.4"));
        } catch (UnsatisfiedLinkError e) {
            throw new UnsatisfiedLinkError("cannot load libcpg.so.4 (Debian/Ubuntu package libcpg4, "
                    + "RPM corosynclib): " + e.getMessage());
        }
    }

    private CpgLib() {
    }

    static native int cpg_model_initialize(long[] handle, int model, CpgModelV1Data modelData, Pointer context);

    static native int cpg_finalize(long handle);

    static native int cpg_fd_get(long handle, int[] fd);

    static native int cpg_dispatch(long handle, int dispatchTypes);

    static native int cpg_join(long handle, CpgName group);

    static native int cpg_leave(long handle, CpgName group);

    /** {@code iovec} points to {@code iovCount} (at most 63) {@code struct iovec} of 16 bytes each. */
    static native int cpg_mcast_joined(long handle, int guarantee, Pointer iovec, int iovCount);

    /** Writes up to 384 {@code struct cpg_address} (12 bytes each) whatever {@code count} says on input. */
    static native int cpg_membership_get(long handle, CpgName group, Pointer members, int[] count);

    static native int cpg_local_get(long handle, int[] nodeid);

    static native int cpg_max_atomic_msgsize_get(long handle, int[] size);
}
