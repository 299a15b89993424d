package org.jfenced.libvirt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Connections to a list of libvirt URIs, kept open in the background, and the bounded set of threads
 * that call libvirt through them.
 *
 * <p>Each URI has one shared {@code Connect}. Opening never happens on the caller's thread. A lost
 * connection (libvirtd gone, keepalive timeout) is noticed by libvirt's event loop and reopened in the
 * background with doubling delays; meanwhile {@link #lease} for that URI answers empty at once, so
 * callers fail fast instead of waiting, and the other URIs are unaffected.
 *
 * <p>Use: {@link #submit} work, and inside it {@link #lease} the URIs it needs, in order.
 */
public final class LibvirtConnectionPool implements AutoCloseable {

    /** Beyond this many queued calls the daemon is overloaded; failing a request beats queueing it past its deadline. */
    private static final int MAX_QUEUED_CALLS = 1000;
    /** How long a call thread waits for more work before it ends. */
    private static final Duration CALL_THREAD_IDLE = Duration.ofSeconds(30);

    private final List<ConnectionSlot> slots;
    private final List<String> uris;
    private final PoolEvents events = new PoolEvents();
    private final ScheduledExecutorService timers;
    private final ThreadPoolExecutor calls;
    private final Object stateMonitor = new Object();

    /** Starts opening every URI in the background and returns at once. */
    public LibvirtConnectionPool(List<String> uris, PoolSettings settings) {
        Objects.requireNonNull(settings, "settings");
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("at least one libvirt URI is required");
        }
        this.uris = List.copyOf(uris);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("libvirt-reconnect"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.timers = scheduler;
        this.calls = new ThreadPoolExecutor(settings.callThreads(), settings.callThreads(), CALL_THREAD_IDLE.toSeconds(),
                TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_QUEUED_CALLS), daemonThreads("libvirt-call"));
        // fencing is sporadic: the call threads a burst started end when it is over
        calls.allowCoreThreadTimeOut(true);
        List<ConnectionSlot> list = new ArrayList<>();
        for (int i = 0; i < this.uris.size(); i++) {
            list.add(new ConnectionSlot(i, this.uris.get(i), settings, timers, events, this::stateChanged));
        }
        this.slots = List.copyOf(list);
        slots.forEach(ConnectionSlot::start);
    }

    /** The pool's one timer thread, for reconnects and the backend's deadlines alike; closed with the pool. */
    ScheduledExecutorService timers() {
        return timers;
    }

    /** The URIs in configuration order; {@link #lease(int)} takes an index into this list. */
    public List<String> uris() {
        return uris;
    }

    /**
     * The connection to {@code uris().get(index)} if it is up; empty at once if it is not. Call only from
     * work run by {@link #submit}, and close the lease when done.
     */
    public Optional<Lease> lease(int index) {
        return slots.get(index).lease();
    }

    /** Runs {@code call} on one of the pool's libvirt threads; fails at once if they are saturated or closed. */
    public <T> CompletableFuture<T> submit(LibvirtCall<T> call) {
        CallTask<T> task = new CallTask<>(call);
        try {
            calls.execute(task);
        } catch (RejectedExecutionException e) {
            task.result.completeExceptionally(new RejectedExecutionException(
                    calls.isShutdown() ? "libvirt connection pool closed" : "too many libvirt calls queued"));
        }
        return task.result;
    }

    public boolean anyUp() {
        return slots.stream().anyMatch(ConnectionSlot::isUp);
    }

    /** One entry per URI, in configuration order. */
    public List<ConnectionStatus> status() {
        return slots.stream().map(ConnectionSlot::status).toList();
    }

    /**
     * Waits until every URI has had its first open attempt end (opened, failed, or overrun the open
     * deadline); for start-up, so the first requests see the connections that could be opened.
     *
     * @return whether that happened within {@code timeout}
     */
    public boolean awaitFirstAttempts(Duration timeout) throws InterruptedException {
        return await(ConnectionSlot::attempted, timeout);
    }

    /** Waits until every URI is up; returns whether that happened within {@code timeout}. */
    public boolean awaitAllUp(Duration timeout) throws InterruptedException {
        return await(ConnectionSlot::isUp, timeout);
    }

    /**
     * Delivers domain lifecycle events of every connection, and connection ups and downs, to
     * {@code listener} until the subscription is closed.
     */
    public Subscription subscribe(LibvirtEventListener listener) {
        return events.subscribe(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Fails queued calls, stops reconnecting and closes every connection once the calls still running
     * on it have finished. Does not wait for those calls.
     */
    @Override
    public void close() {
        // not shutdownNow: interrupting a call thread would only cut short the close barrier it may run
        calls.shutdown();
        List<Runnable> dropped = new ArrayList<>();
        calls.getQueue().drainTo(dropped);
        for (Runnable task : dropped) {
            ((CallTask<?>) task).result.completeExceptionally(new RejectedExecutionException("libvirt connection pool closed"));
        }
        timers.shutdownNow();
        slots.forEach(ConnectionSlot::close);
        events.close();
        stateChanged();
    }

    private boolean await(Predicate<ConnectionSlot> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stateMonitor) {
            while (!slots.stream().allMatch(condition)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(stateMonitor, left);
            }
            return true;
        }
    }

    private void stateChanged() {
        synchronized (stateMonitor) {
            stateMonitor.notifyAll();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A queued call keeps its future, so closing the pool can fail the calls it never ran. */
    private static final class CallTask<T> implements Runnable {
        private final LibvirtCall<T> call;
        private final CompletableFuture<T> result = new CompletableFuture<>();

        CallTask(LibvirtCall<T> call) {
            this.call = call;
        }

        @Override
        public void run() {
            try {
                result.complete(call.call());
            } catch (Throwable t) {
                // whatever the failure, the caller's future must end (libvirt-java asserts, JNA linkage errors)
                result.completeExceptionally(t);
            }
        }
    }
}
