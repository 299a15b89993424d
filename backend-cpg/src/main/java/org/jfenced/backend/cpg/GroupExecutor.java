package org.jfenced.backend.cpg;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jfenced.backend.cpg.state.GroupEvent;
import org.jfenced.backend.cpg.state.MemberId;
import org.jfenced.backend.cpg.wire.GroupCodec;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.FenceResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cpg backend's one lock and its way out to the group. Whoever has something for the backend's state
 * runs it under the lock on its own thread ({@link #execute}); what it decides to multicast queues up in
 * decision order and is sent once the lock is released, and callers' futures are completed after that,
 * never under the lock. corosync's dispatch thread never sends itself (while it waited on flow control
 * nobody would read what corosync has for us): it hands sending to a thread of its own.
 */
final class GroupExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(GroupExecutor.class);

    private final String group;
    private final Object lock = new Object();
    /** Encoded messages in the order they were decided; sent under {@link #sendLock}. */
    private final Queue<Queued> outbox = new ConcurrentLinkedQueue<>();
    private final Object sendLock = new Object();
    /** Callers' completions decided under the lock, run once it is released. */
    private final List<Runnable> completions = new ArrayList<>();
    private final ExecutorService sendThread;
    private volatile GroupChannel channel;
    private volatile boolean inGroup;
    private volatile boolean closed;

    GroupExecutor(String group) {
        this.group = group;
        this.sendThread = Executors.newSingleThreadExecutor(r -> CpgBackend.daemonThread(r, "cpg-send"));
    }

    /** An encoded message waiting to be sent; snapshots are marked, as a later join makes them void. */
    private record Queued(byte[] message, boolean snapshot) {
    }

    void joined(GroupChannel joined) {
        channel = joined;
    }

    /** The group channel; null before the join returned. */
    GroupChannel channel() {
        return channel;
    }

    /** This member's id; only once joined. */
    MemberId self() {
        return channel.self();
    }

    boolean inGroup() {
        return inGroup;
    }

    void inGroup(boolean member) {
        inGroup = member;
    }

    boolean closed() {
        return closed;
    }

    /** Runs {@code task} under the lock on this thread, then the completions it decided, then sends. */
    void execute(Runnable task, Runnable ifClosed) {
        if (closed) {
            ifClosed.run();
            return;
        }
        runLocked(task);
        flush();
    }

    /**
     * For corosync's dispatch thread: runs {@code body} under the lock; what it decided to send leaves from
     * the sender thread.
     */
    void executeForDispatch(Runnable body) {
        if (closed) {
            return;
        }
        runLocked(body);
        if (!outbox.isEmpty()) {
            try {
                sendThread.execute(this::flush);
            } catch (RejectedExecutionException e) {
                LOG.debug("closing: not sending what the last event decided");
            }
        }
    }

    void runLocked(Runnable body) {
        List<Runnable> done;
        synchronized (lock) {
            try {
                body.run();
            } catch (RuntimeException e) {
                LOG.error("cpg backend: unexpected failure; the group's state may be wrong", e);
            }
            done = List.copyOf(completions);
            completions.clear();
        }
        done.forEach(Runnable::run);
    }

    <T> T onState(Callable<T> query) {
        synchronized (lock) {
            try {
                return query.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Under the lock: runs {@code completion} once the lock is released; its continuations are not ours to run under it. */
    void later(Runnable completion) {
        completions.add(completion);
    }

    /** Under the lock: completes a caller's future once the lock is released. */
    void completeLater(CompletableFuture<FenceOutcome> answer, FenceResult result, String actingNode) {
        FenceOutcome outcome = new FenceOutcome(result, actingNode);
        completions.add(() -> answer.complete(outcome));
    }

    /** Queues a message in decision order; it leaves when the lock's holder flushes. */
    void multicast(GroupEvent event) {
        if (channel == null || !inGroup) {
            return;
        }
        outbox.add(new Queued(GroupCodec.encode(event), event instanceof GroupEvent.Snapshot));
    }

    /**
     * A snapshot still unsent answers an earlier join: if the membership is the same again (a node cut off
     * and back, with the same pid), the group could not tell it from this one, and it re-announces requests
     * answered since.
     */
    void dropUnsentSnapshots() {
        outbox.removeIf(Queued::snapshot);
    }

    /** Sends what is queued, in order; any thread but corosync's dispatch thread. */
    void flush() {
        synchronized (sendLock) {
            Queued queued;
            while ((queued = outbox.poll()) != null) {
                try {
                    channel.send(queued.message());
                } catch (IOException | IllegalStateException e) {
                    LOG.warn("cannot multicast to group {}: {}", group, e.getMessage());
                }
            }
        }
    }

    /** From now on tasks get their {@code ifClosed} and group events are dropped. */
    void closing() {
        closed = true;
    }

    /** Stops the sender thread; what is still queued is not sent. */
    void close() {
        sendThread.shutdownNow();
    }
}
