package org.jfenced.dispatch;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Deadlines on backend calls, kept by a timer thread that exists only while calls are in progress: it
 * ends a while after the last one. {@code CompletableFuture.orTimeout} does the same on the JDK's
 * shared delay thread, which, once the first request started it, stays for the life of the process —
 * one thread more on every idle daemon. The thread's end marks the end of a busy spell: it runs
 * {@code whenQuiet} on its way out.
 */
final class Deadlines {

    /** How long the daemon's timer thread outlives the last answer. */
    static final Duration IDLE = Duration.ofSeconds(30);

    private final ScheduledThreadPoolExecutor timer;

    /**
     * @param idle how long the timer thread waits for the next deadline before it ends
     * @param whenQuiet run by the timer thread as it ends
     */
    Deadlines(Duration idle, Runnable whenQuiet) {
        timer = new ScheduledThreadPoolExecutor(0, r -> {
            Thread t = new Thread(() -> {
                try {
                    r.run();
                } finally {
                    whenQuiet.run();
                }
            }, "request-deadlines");
            t.setDaemon(true);
            return t;
        });
        // a cancelled deadline leaves the queue at once, so the thread's idle time starts with the last answer
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(idle.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A copy of {@code stage} that fails with a {@link TimeoutException} unless it completes within {@code limit}. */
    <T> CompletableFuture<T> within(CompletableFuture<T> stage, Duration limit) {
        CompletableFuture<T> bounded = stage.copy();
        ScheduledFuture<?> expiry = timer.schedule(() -> bounded.completeExceptionally(new TimeoutException()),
                limit.toNanos(), TimeUnit.NANOSECONDS);
        bounded.whenComplete((value, error) -> expiry.cancel(false));
        return bounded;
    }

    /** Timer threads alive now: 0 or 1. */
    int threads() {
        return timer.getPoolSize();
    }
}
