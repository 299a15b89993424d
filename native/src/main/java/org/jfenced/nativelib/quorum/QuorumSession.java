package org.jfenced.nativelib.quorum;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jfenced.nativelib.CorosyncException;
import org.jfenced.nativelib.CsError;
import org.jfenced.nativelib.DispatchLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A votequorum connection across reconnects. The callbacks only record that something changed; after
 * dispatch the session reads the full state with getinfo (the notification carries no vote counts) and tells
 * the listener when it differs from the last one.
 */
final class QuorumSession implements DispatchLoop.Connection, QuorumEvents {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumSession.class);

    private final QuorumListener listener;
    private final CompletableFuture<Void> firstState = new CompletableFuture<>();
    private volatile VotequorumHandle handle;
    private volatile QuorumState state = QuorumState.UNKNOWN;
    private List<Integer> members = List.of();
    private boolean changed;
    private Throwable callbackFailure;

    QuorumSession(QuorumListener listener) {
        this.listener = listener;
    }

    QuorumState state() {
        return state;
    }

    @Override
    public int open() throws CorosyncException {
        VotequorumHandle opened = VotequorumHandle.initialize(this);
        try {
            int fd = opened.fd();
            callbackFailure = null;
            opened.trackChanges();
            handle = opened;
            return fd;
        } catch (CorosyncException | RuntimeException e) {
            opened.finalizeHandle();
            throw e;
        }
    }

    @Override
    public void dispatch() throws CorosyncException {
        VotequorumHandle current = connectedHandle("votequorum_dispatch");
        current.dispatchAll();
        if (callbackFailure != null) {
            CorosyncException failure = new CorosyncException("votequorum_dispatch", CsError.CS_ERR_MESSAGE_ERROR.code(),
                    "a notification could not be copied out of libvotequorum: " + callbackFailure);
            failure.initCause(callbackFailure);
            throw failure;
        }
        if (!changed) {
            return;
        }
        changed = false;
        VotequorumInfo info = current.info();
        QuorumState next = new QuorumState((info.flags & VotequorumInfo.INFO_QUORATE) != 0, info.node_expected_votes,
                info.highest_expected, info.total_votes, info.quorum, members, info.flags);
        if (!next.equals(state)) {
            state = next;
            notifyListener(() -> listener.onQuorumChange(next));
        }
        firstState.complete(null);
    }

    @Override
    public void close(boolean orderly) {
        VotequorumHandle closing = handle;
        handle = null;
        state = QuorumState.UNKNOWN;
        if (closing != null) {
            int rc = closing.finalizeHandle();
            if (orderly && rc != CsError.CS_OK.code()) {
                LOG.warn("{}", new CorosyncException("votequorum_finalize", rc).getMessage());
            }
        }
    }

    @Override
    public void lost(CorosyncException cause) {
        LOG.warn("votequorum: lost the local corosync ({}); not quorate until it is back", cause.getMessage());
        notifyListener(() -> listener.onCorosyncLost(cause));
    }

    @Override
    public void restored() {
        LOG.info("votequorum: reconnected to corosync");
    }

    @Override
    public void quorumChanged(boolean quorate, int[] nodes) {
        List<Integer> present = new ArrayList<>(nodes.length / 2);
        for (int i = 0; i < nodes.length; i += 2) {
            if (nodes[i + 1] == VotequorumLib.NODESTATE_MEMBER) {
                present.add(nodes[i]);
            }
        }
        present.sort(null);
        members = present;
        changed = true;
    }

    @Override
    public void expectedVotesChanged(int expectedVotes) {
        changed = true;
    }

    @Override
    public void callbackFailed(Throwable failure) {
        if (callbackFailure == null) {
            callbackFailure = failure;
        }
    }

    void awaitFirstState(Duration timeout) throws CorosyncException {
        try {
            firstState.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new CorosyncException("votequorum_trackstart", CsError.CS_ERR_TIMEOUT.code(),
                    "no quorum notification within " + timeout);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CorosyncException("votequorum_trackstart", CsError.CS_ERR_INTERRUPT.code());
        }
    }

    void setExpectedVotes(int expectedVotes) throws CorosyncException {
        connectedHandle("votequorum_setexpected").setExpectedVotes(expectedVotes);
    }

    private VotequorumHandle connectedHandle(String operation) throws CorosyncException {
        VotequorumHandle current = handle;
        if (current == null) {
            throw new CorosyncException(operation, CsError.CS_ERR_LIBRARY.code(), "not connected to corosync");
        }
        return current;
    }

    private void notifyListener(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException | Error e) {
            LOG.error("votequorum listener failed", e);
        }
    }
}
