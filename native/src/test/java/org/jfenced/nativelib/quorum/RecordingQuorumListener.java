package org.jfenced.nativelib.quorum;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jfenced.nativelib.CorosyncException;

/** Records the quorum states a connection reports, so tests can wait for the one they expect. */
final class RecordingQuorumListener implements QuorumListener {
    private final List<QuorumState> states = new ArrayList<>();
    private int losses;

    @Override
    public synchronized void onQuorumChange(QuorumState state) {
        states.add(state);
        notifyAll();
    }

    @Override
    public synchronized void onCorosyncLost(CorosyncException cause) {
        losses++;
        notifyAll();
    }

    synchronized int losses() {
        return losses;
    }

    /** Waits for a reported state matching {@code match} (one already reported counts). */
    synchronized QuorumState await(Predicate<QuorumState> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (QuorumState state : states) {
                if (match.test(state)) {
                    return state;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no quorum state as expected within " + timeout + "; reported: " + states);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Forgets what was reported, so the next {@link #await} sees only later states. */
    synchronized void clear() {
        states.clear();
    }
}
