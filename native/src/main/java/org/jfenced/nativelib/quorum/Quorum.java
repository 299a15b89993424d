package org.jfenced.nativelib.quorum;

import java.time.Duration;
import java.util.Objects;
import org.jfenced.nativelib.CorosyncException;
import org.jfenced.nativelib.DispatchLoop;

/**
 * The local node's votequorum view, kept current by corosync's notifications on a dispatch thread. CPG
 * membership alone cannot tell which side of a partition may act (both sides see the other as gone); quorum
 * can. While the local corosync is unreachable the node counts as not quorate, and the connection is
 * reopened in the background.
 *
 * <p>Like {@code CpgGroup}, it talks to the corosync of the network namespace of the thread that opens it.
 */
public final class Quorum implements AutoCloseable {
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(15);

    private final QuorumSession session;
    private final DispatchLoop loop;

    private Quorum(QuorumSession session, DispatchLoop loop) {
        this.session = session;
        this.loop = loop;
    }

    /** Connects and returns once the first state is known. */
    public static Quorum open(QuorumListener listener) throws CorosyncException {
        QuorumSession session = new QuorumSession(Objects.requireNonNull(listener, "listener"));
        DispatchLoop loop = DispatchLoop.start("votequorum", session, OPEN_TIMEOUT);
        try {
            session.awaitFirstState(OPEN_TIMEOUT);
        } catch (CorosyncException | RuntimeException e) {
            loop.close();
            throw e;
        }
        return new Quorum(session, loop);
    }

    /** The latest state; {@link QuorumState#UNKNOWN} while corosync is unreachable. Never blocks. */
    public QuorumState state() {
        return session.state();
    }

    public boolean isQuorate() {
        return state().quorate();
    }

    public int expectedVotes() {
        return state().expectedVotes();
    }

    public int totalVotes() {
        return state().totalVotes();
    }

    /**
     * Sets the votes the cluster is expected to have ({@code corosync-quorumtool -e}, {@code pvecm expected}),
     * for every node of this partition. Lowering it lets a partition that lost nodes for good become quorate
     * again. corosync answers {@code CS_ERR_INVALID_PARAM} for a value below the votes present, or one that
     * would make a quorate partition inquorate.
     */
    public void setExpectedVotes(int expectedVotes) throws CorosyncException {
        if (expectedVotes < 1) {
            throw new IllegalArgumentException("expected votes must be at least 1, not " + expectedVotes);
        }
        session.setExpectedVotes(expectedVotes);
    }

    @Override
    public void close() {
        loop.close();
    }
}
