package org.jfenced.nativelib.cpg;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.jfenced.nativelib.CorosyncException;
import org.jfenced.nativelib.CsError;
import org.jfenced.nativelib.DispatchLoop;
import org.jfenced.nativelib.TryAgain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group membership across reconnects: opens a handle and joins, turns libcpg's callbacks into
 * {@link CpgListener} calls, and starts over on a new handle when the local corosync goes away.
 *
 * <p>libcpg's callbacks only copy their data into {@link #pending}; the listener runs after
 * {@code cpg_dispatch} has returned and released the handle's lock, so a listener may send, and other
 * threads can send while it runs. {@link #pending}, {@link #callbackFailure} and every
 * {@link DispatchLoop.Connection} method belong to the dispatch thread.
 */
final class CpgSession implements DispatchLoop.Connection, CpgEvents {
    private static final Logger LOG = LoggerFactory.getLogger(CpgSession.class);
    /** A join answers TRY_AGAIN while corosync still processes an earlier leave of this process. */
    private static final TryAgain JOIN_RETRY = new TryAgain(Duration.ofMillis(10), Duration.ofMillis(200), Duration.ofSeconds(10));
    private static final TryAgain LEAVE_RETRY = new TryAgain(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(2));
    private static final long BUSY_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final CpgName group;
    private final CpgListener listener;
    private final int pid = (int) ProcessHandle.current().pid();
    private final ArrayDeque<Runnable> pending = new ArrayDeque<>();
    private final CompletableFuture<Void> firstJoin = new CompletableFuture<>();
    private Throwable callbackFailure;
    private volatile CpgHandle handle;
    private volatile int localNodeId;
    private volatile int maxMessageSize;

    CpgSession(CpgName group, CpgListener listener) {
        this.group = group;
        this.listener = listener;
    }

    String groupName() {
        return group.toString();
    }

    int pid() {
        return pid;
    }

    int localNodeId() {
        return localNodeId;
    }

    boolean isConnected() {
        return handle != null;
    }

    @Override
    public int open() throws CorosyncException {
        CpgHandle opened = CpgHandle.initialize(this);
        try {
            int fd = opened.fd();
            localNodeId = opened.localNodeId();
            maxMessageSize = opened.maxMessageSize();
            callbackFailure = null;
            JOIN_RETRY.run("cpg_join " + group, () -> opened.join(group));
            handle = opened;
            return fd;
        } catch (CorosyncException | RuntimeException e) {
            opened.finalizeHandle();
            throw e;
        }
    }

    @Override
    public void dispatch() throws CorosyncException {
        CorosyncException failure = null;
        try {
            connectedHandle("cpg_dispatch").dispatchAll();
        } catch (CorosyncException e) {
            failure = e;
        }
        deliverPending();
        if (failure == null && callbackFailure != null) {
            failure = new CorosyncException("cpg_dispatch", CsError.CS_ERR_MESSAGE_ERROR.code(),
                    "an event could not be copied out of libcpg: " + callbackFailure);
            failure.initCause(callbackFailure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close(boolean orderly) {
        CpgHandle closing = handle;
        handle = null;
        pending.clear();
        if (closing == null) {
            return;
        }
        if (orderly) {
            try {
                LEAVE_RETRY.run("cpg_leave " + group, () -> closing.leave(group));
            } catch (CorosyncException e) {
                LOG.warn("leaving CPG group {}: {}", group, e.getMessage());
            }
        }
        int rc = closing.finalizeHandle();
        if (orderly && rc != CsError.CS_OK.code()) {
            LOG.warn("{}", new CorosyncException("cpg_finalize", rc).getMessage());
        }
    }

    @Override
    public void lost(CorosyncException cause) {
        LOG.warn("CPG group {}: lost the local corosync ({}); reconnecting", group, cause.getMessage());
        notifyListener(() -> listener.onCorosyncLost(cause));
    }

    @Override
    public void restored() {
        LOG.info("CPG group {}: reconnected to corosync as node {} and rejoined", group, localNodeId);
        notifyListener(listener::onMembershipRestarted);
        deliverPending();
    }

    @Override
    public void delivered(int nodeId, int senderPid, byte[] message) {
        if (callbackFailure == null) {
            pending.add(() -> listener.onMessage(nodeId, senderPid, message));
        }
    }

    @Override
    public void membershipChanged(int[] members, int[] left, int[] joined) {
        if (callbackFailure != null) {
            return;
        }
        List<CpgMember> memberList = members(members);
        List<CpgMemberChange> joinedList = changes(joined);
        List<CpgMemberChange> leftList = changes(left);
        pending.add(() -> listener.onMembership(memberList, joinedList, leftList));
        CpgMember self = new CpgMember(localNodeId, pid);
        if (joinedList.stream().anyMatch(change -> change.member().equals(self))) {
            pending.add(() -> firstJoin.complete(null));
        }
    }

    @Override
    public void ringChanged(int ringNodeId, long ringSeq, int[] nodeIds) {
        if (callbackFailure != null) {
            return;
        }
        List<Integer> nodes = new ArrayList<>(nodeIds.length);
        for (int nodeId : nodeIds) {
            nodes.add(nodeId);
        }
        CpgRing ring = new CpgRing(ringNodeId, ringSeq);
        List<Integer> view = Collections.unmodifiableList(nodes);
        pending.add(() -> listener.onRingChange(ring, view));
    }

    @Override
    public void callbackFailed(Throwable failure) {
        if (callbackFailure == null) {
            callbackFailure = failure;
        }
    }

    /** Waits until the listener has seen this member join. */
    void awaitFirstJoin(Duration timeout) throws CorosyncException {
        try {
            firstJoin.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new CorosyncException("cpg_join " + group, CsError.CS_ERR_TIMEOUT.code(),
                    "own join not delivered within " + timeout);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CorosyncException("cpg_join " + group, CsError.CS_ERR_INTERRUPT.code());
        }
    }

    /** One {@code cpg_mcast_joined} attempt; the raw answer feeds the caller's retry loop. */
    int multicast(byte[][] parts) throws CorosyncException {
        long size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        if (size > maxMessageSize) {
            throw new IllegalArgumentException("a CPG message has at most " + maxMessageSize + " bytes, not " + size);
        }
        return connectedHandle("cpg_mcast_joined").multicast(parts);
    }

    /**
     * The pause between send attempts on the dispatch thread itself: corosync stops taking our messages while
     * its events for us pile up, so read them (they are delivered after the current listener call returns).
     */
    void dispatchWhileBusy(long nanos) throws CorosyncException {
        connectedHandle("cpg_dispatch").dispatchAll();
        LockSupport.parkNanos(Math.min(nanos, BUSY_PAUSE_NANOS));
    }

    List<CpgMember> members() throws CorosyncException {
        return members(connectedHandle("cpg_membership_get").membership(group));
    }

    private CpgHandle connectedHandle(String operation) throws CorosyncException {
        CpgHandle current = handle;
        if (current == null) {
            throw new CorosyncException(operation, CsError.CS_ERR_LIBRARY.code(), "not connected to corosync");
        }
        return current;
    }

    private void deliverPending() {
        Runnable event;
        while ((event = pending.poll()) != null) {
            notifyListener(event);
        }
    }

    private void notifyListener(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException | Error e) {
            LOG.error("CPG group {}: listener failed", group, e);
        }
    }

    private static List<CpgMember> members(int[] triples) {
        List<CpgMember> members = new ArrayList<>(triples.length / 3);
        for (int i = 0; i < triples.length; i += 3) {
            members.add(new CpgMember(triples[i], triples[i + 1]));
        }
        return Collections.unmodifiableList(members);
    }

    private static List<CpgMemberChange> changes(int[] triples) {
        List<CpgMemberChange> changes = new ArrayList<>(triples.length / 3);
        for (int i = 0; i < triples.length; i += 3) {
            changes.add(new CpgMemberChange(new CpgMember(triples[i], triples[i + 1]), CpgReason.of(triples[i + 2])));
        }
        return Collections.unmodifiableList(changes);
    }
}
