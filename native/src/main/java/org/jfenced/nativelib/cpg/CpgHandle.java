package org.jfenced.nativelib.cpg;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.jfenced.nativelib.CorosyncException;
import org.jfenced.nativelib.CsError;

/**
 * One libcpg handle. libqb's IPC is not safe for concurrent requests on one connection, so every call goes
 * through one lock; after {@link #finalizeHandle} every call answers {@code CS_ERR_BAD_HANDLE} without
 * touching libcpg. Calls that may answer {@code CS_ERR_TRY_AGAIN} return the raw code for the caller's
 * retry loop; the others throw.
 */
final class CpgHandle {
    /** Server-side limit (PROCESSOR_COUNT_MAX); libcpg copies that many entries whatever the caller asks. */
    private static final int MEMBERSHIP_CAPACITY = 384;
    private static final int ADDRESS_SIZE = 12;
    private static final int IOVEC_SIZE = 16;
    /** libcpg keeps {@code struct iovec iov[64]} on its stack and does not check the count. */
    static final int MAX_PARTS = 63;

    private final Object lock = new Object();
    private final long handle;
    private boolean finalized;
    private Memory sendBuffer = new Memory(4096);
    private final Memory membershipBuffer = new Memory((long) MEMBERSHIP_CAPACITY * ADDRESS_SIZE);

    private CpgHandle(long handle) {
        this.handle = handle;
    }

    /** {@code cpg_model_initialize} with deliver, confchg and totem confchg; connects to the local corosync. */
    static CpgHandle initialize(CpgEvents events) throws CorosyncException {
        long[] handle = new long[1];
        int rc = CpgLib.cpg_model_initialize(handle, CpgModelV1Data.CPG_MODEL_V1, CpgCallbacks.model(), Pointer.NULL);
        CorosyncException.check("cpg_model_initialize", rc);
        CpgCallbacks.register(handle[0], events);
        return new CpgHandle(handle[0]);
    }

    int fd() throws CorosyncException {
        int[] fd = new int[1];
        synchronized (lock) {
            CorosyncException.check("cpg_fd_get", finalized ? badHandle() : CpgLib.cpg_fd_get(handle, fd));
        }
        return fd[0];
    }

    int localNodeId() throws CorosyncException {
        int[] nodeId = new int[1];
        synchronized (lock) {
            CorosyncException.check("cpg_local_get", finalized ? badHandle() : CpgLib.cpg_local_get(handle, nodeId));
        }
        return nodeId[0];
    }

    int maxMessageSize() throws CorosyncException {
        int[] size = new int[1];
        synchronized (lock) {
            CorosyncException.check("cpg_max_atomic_msgsize_get",
                    finalized ? badHandle() : CpgLib.cpg_max_atomic_msgsize_get(handle, size));
        }
        return size[0];
    }

    int join(CpgName group) {
        synchronized (lock) {
            return finalized ? badHandle() : CpgLib.cpg_join(handle, group);
        }
    }

    int leave(CpgName group) {
        synchronized (lock) {
            return finalized ? badHandle() : CpgLib.cpg_leave(handle, group);
        }
    }

    /** Runs the callbacks of everything pending, on the calling thread, and returns when nothing is left. */
    void dispatchAll() throws CorosyncException {
        synchronized (lock) {
            CorosyncException.check("cpg_dispatch", finalized ? badHandle() : CpgLib.cpg_dispatch(handle, CpgLib.CS_DISPATCH_ALL));
        }
    }

    /**
     * {@code cpg_mcast_joined} of the concatenation of {@code parts}, one iovec each. CS_OK means queued to the
     * local corosync, not delivered.
     */
    int multicast(byte[][] parts) {
        if (parts.length == 0 || parts.length > MAX_PARTS) {
            throw new IllegalArgumentException("a message has 1 to " + MAX_PARTS + " parts, not " + parts.length);
        }
        long size = (long) IOVEC_SIZE * parts.length;
        for (byte[] part : parts) {
            size += part.length;
        }
        synchronized (lock) {
            if (finalized) {
                return badHandle();
            }
            if (sendBuffer.size() < size) {
                sendBuffer = new Memory(Math.max(size, 2 * sendBuffer.size()));
            }
            long base = Pointer.nativeValue(sendBuffer);
            long offset = (long) IOVEC_SIZE * parts.length;
            for (int i = 0; i < parts.length; i++) {
                sendBuffer.write(offset, parts[i], 0, parts[i].length);
                sendBuffer.setLong((long) IOVEC_SIZE * i, base + offset);
                sendBuffer.setLong((long) IOVEC_SIZE * i + 8, parts[i].length);
                offset += parts[i].length;
            }
            return CpgLib.cpg_mcast_joined(handle, CpgLib.CPG_TYPE_AGREED, sendBuffer, parts.length);
        }
    }

    /** The group's members as {nodeid, pid, reason} triples. */
    int[] membership(CpgName group) throws CorosyncException {
        int[] count = {MEMBERSHIP_CAPACITY};
        synchronized (lock) {
            CorosyncException.check("cpg_membership_get",
                    finalized ? badHandle() : CpgLib.cpg_membership_get(handle, group, membershipBuffer, count));
            return count[0] == 0 ? new int[0] : membershipBuffer.getIntArray(0, count[0] * 3);
        }
    }

    /** Closes the connection; returns libcpg's answer, which is an error when corosync is already gone. */
    int finalizeHandle() {
        synchronized (lock) {
            if (finalized) {
                return badHandle();
            }
            finalized = true;
            CpgCallbacks.unregister(handle);
            return CpgLib.cpg_finalize(handle);
        }
    }

    private static int badHandle() {
        return CsError.CS_ERR_BAD_HANDLE.code();
    }
}
