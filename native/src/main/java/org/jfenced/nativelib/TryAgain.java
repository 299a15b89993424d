package org.jfenced.nativelib;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Repeats a corosync call while it answers {@link CsError#CS_ERR_TRY_AGAIN} — corosync's only sign of flow
 * control, also returned by join while an earlier leave of the same process is in flight — pausing with
 * exponential backoff, and gives up at a deadline so that no caller waits forever.
 */
public final class TryAgain {
    /** A corosync call that returns a raw {@code cs_error_t}. */
    @FunctionalInterface
    public interface Call {
        int invoke() throws CorosyncException;
    }

    /** How to spend a pause between attempts; the default parks the thread. */
    @FunctionalInterface
    public interface Pause {
        void pause(long nanos) throws CorosyncException;
    }

    private final long firstPauseNanos;
    private final long maxPauseNanos;
    private final long deadlineNanos;

    public TryAgain(Duration firstPause, Duration maxPause, Duration deadline) {
        if (firstPause.isNegative() || firstPause.isZero() || maxPause.compareTo(firstPause) < 0 || deadline.isNegative()) {
            throw new IllegalArgumentException("need 0 < firstPause <= maxPause and deadline >= 0");
        }
        this.firstPauseNanos = firstPause.toNanos();
        this.maxPauseNanos = maxPause.toNanos();
        this.deadlineNanos = deadline.toNanos();
    }

    /** Runs {@code call} until it stops answering TRY_AGAIN; throws for anything but CS_OK. */
    public void run(String operation, Call call) throws CorosyncException {
        run(operation, call, TryAgain::park);
    }

    public void run(String operation, Call call, Pause pause) throws CorosyncException {
        long start = System.nanoTime();
        long nextPause = firstPauseNanos;
        int attempts = 0;
        while (true) {
            int rc = call.invoke();
            attempts++;
            if (rc != CsError.CS_ERR_TRY_AGAIN.code()) {
                CorosyncException.check(operation, rc);
                return;
            }
            long left = deadlineNanos - (System.nanoTime() - start);
            if (left <= 0) {
                throw new CorosyncException(operation, rc, "still busy after " + attempts + " attempts in "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
            }
            pause.pause(Math.min(nextPause, left));
            nextPause = Math.min(nextPause * 2, maxPauseNanos);
        }
    }

    private static void park(long nanos) throws CorosyncException {
        LockSupport.parkNanos(nanos);
        if (Thread.currentThread().isInterrupted()) {
            throw new CorosyncException("retry", CsError.CS_ERR_INTERRUPT.code(), "interrupted while corosync was busy");
        }
    }
}
