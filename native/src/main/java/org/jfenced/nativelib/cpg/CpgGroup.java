package org.jfenced.nativelib.cpg;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jfenced.nativelib.CorosyncException;
import org.jfenced.nativelib.DispatchLoop;
import org.jfenced.nativelib.TryAgain;

/**
 * This process's membership of one corosync CPG group.
 *
 * <p>Events reach the {@link CpgListener} on one dispatch thread, in corosync's total order. {@link #send}
 * may be called from any thread, the listener's included. When the local corosync dies the listener hears
 * {@link CpgListener#onCorosyncLost}, sends fail at once, and the group reconnects and rejoins in the
 * background until {@link CpgListener#onMembershipRestarted}.
 *
 * <p>The group talks to the corosync of the network namespace of the thread that calls {@link #join}
 * (corosync's IPC sockets are abstract sockets, which are per network namespace).
 */
public final class CpgGroup implements AutoCloseable {
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(15);
    /** Flow control lasts as long as corosync needs to drain its queues; beyond this the caller should know. */
    private static final TryAgain SEND_RETRY = new TryAgain(Duration.ofMillis(1), Duration.ofMillis(50), Duration.ofSeconds(5));

    private final CpgSession session;
    private final DispatchLoop loop;
    private volatile boolean closed;

    private CpgGroup(CpgSession session, DispatchLoop loop) {
        this.session = session;
        this.loop = loop;
    }

    /**
     * Joins {@code name} and returns once the listener has seen this member in the group's membership.
     *
     * @param name 1 to 128 bytes of UTF-8, sent without a trailing NUL (as fence_virtd and corosync's tools do)
     * @throws CorosyncException when corosync is not running here ({@code CS_ERR_LIBRARY}), refuses this
     *                           user ({@code CS_ERR_ACCESS}), or this process is already a member
     *                           ({@code CS_ERR_EXIST})
     */
    public static CpgGroup join(String name, CpgListener listener) throws CorosyncException {
        CpgSession session = new CpgSession(new CpgName(name), Objects.requireNonNull(listener, "listener"));
        DispatchLoop loop = DispatchLoop.start("cpg-" + name, session, JOIN_TIMEOUT);
        try {
            session.awaitFirstJoin(JOIN_TIMEOUT);
        } catch (CorosyncException | RuntimeException e) {
            loop.close();
            throw e;
        }
        return new CpgGroup(session, loop);
    }

    /**
     * Multicasts the concatenation of {@code parts} (at most 63 parts) to the group, this member included.
     * Returns when the local corosync has queued it; delivery is reported through
     * {@link CpgListener#onMessage}. Retries while corosync applies flow control, for at most 5 seconds.
     *
     * @throws CorosyncException when corosync is gone ({@link CorosyncException#isConnectionLost}) or stays busy
     * @throws IllegalStateException after {@link #close}
     */
    public void send(byte[]... parts) throws CorosyncException {
        if (closed) {
            throw new IllegalStateException("CPG group " + name() + " is closed");
        }
        if (loop.isDispatchThread()) {
            SEND_RETRY.run("cpg_mcast_joined", () -> session.multicast(parts), session::dispatchWhileBusy);
        } else {
            SEND_RETRY.run("cpg_mcast_joined", () -> session.multicast(parts));
        }
    }

    /** Asks corosync for the current members. */
    public List<CpgMember> members() throws CorosyncException {
        return session.members();
    }

    /** The id of the node this member is on. */
    public int localNodeId() {
        return session.localNodeId();
    }

    /** This member as the others see it. */
    public CpgMember self() {
        return new CpgMember(session.localNodeId(), session.pid());
    }

    public String name() {
        return session.groupName();
    }

    /** False between losing corosync and rejoining. */
    public boolean isConnected() {
        return session.isConnected();
    }

    /** Leaves the group and disconnects; peers see this member leave with {@link CpgReason#LEAVE}. */
    @Override
    public void close() {
        closed = true;
        loop.close();
    }
}
