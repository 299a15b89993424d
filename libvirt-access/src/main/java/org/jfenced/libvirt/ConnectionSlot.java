package org.jfenced.libvirt;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured URI: its current connection, if any, and the background work that keeps one open.
 *
 * <p>Requests never wait here. While the URI is down {@link #lease()} answers empty at once; opening
 * and closing run on this slot's own worker thread, so a libvirtd that hangs an open (libvirt opens have
 * no timeout) holds up only its own URI. At most one open per slot is in progress at any time.
 */
final class ConnectionSlot {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSlot.class);
    /** How long the worker thread waits for the next open or close before it ends. */
    private static final Duration WORKER_IDLE = Duration.ofSeconds(30);

    private final int index;
    private final String uri;
    private final PoolSettings settings;
    private final ScheduledExecutorService timers;
    private final PoolEvents events;
    private final Runnable stateChanged;
    private final ExecutorService worker;

    // guarded by this
    private PooledConnection current;
    private final Backoff backoff;
    private ScheduledFuture<?> pendingOpen;
    private boolean opening;
    private long openAttempts;
    private boolean attempted;
    private boolean everUp;
    private boolean failureLogged;
    private boolean closed;
    private long reconnects;
    private String lastError = "";

    ConnectionSlot(int index, String uri, PoolSettings settings, ScheduledExecutorService timers,
                   PoolEvents events, Runnable stateChanged) {
        this.index = index;
        this.uri = uri;
        this.settings = settings;
        this.timers = timers;
        this.events = events;
        this.stateChanged = stateChanged;
        this.backoff = new Backoff(settings.minBackoff(), settings.maxBackoff());
        // one thread, in order, as a single-thread executor; but it ends when the connection is up and
        // nothing is left to open or close, so a daemon at rest keeps no thread for it
        ThreadPoolExecutor opener = new ThreadPoolExecutor(1, 1, WORKER_IDLE.toSeconds(), TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "libvirt-conn-" + index);
                    t.setDaemon(true);
                    return t;
                });
        opener.allowCoreThreadTimeOut(true);
        this.worker = opener;
    }

    int index() {
        return index;
    }

    String uri() {
        return uri;
    }

    void start() {
        scheduleOpen(Duration.ZERO);
    }

    /** The live connection, or empty at once when there is none. */
    Optional<Lease> lease() {
        PooledConnection pc;
        synchronized (this) {
            pc = current;
            if (pc == null || !pc.tryAcquire()) {
                return Optional.empty();
            }
        }
        if (!pc.isAlive()) {
            pc.release();
            lost(pc, "libvirt reports the connection dead");
            return Optional.empty();
        }
        return Optional.of(new Lease(this, pc));
    }

    synchronized boolean isUp() {
        return current != null;
    }

    /** Whether the first open has finished, failed or overrun its deadline. */
    synchronized boolean attempted() {
        return attempted;
    }

    synchronized ConnectionStatus status() {
        return new ConnectionStatus(uri, current != null, lastError, reconnects);
    }

    /**
     * {@code pc} was found dead (close callback, or a lease saw it). Only the first report for the
     * current connection counts; later ones, and reports about a connection already replaced, are ignored.
     */
    void lost(PooledConnection pc, String reason) {
        synchronized (this) {
            if (current != pc) {
                return;
            }
            current = null;
            lastError = reason;
            scheduleOpenLocked(backoff.next());
        }
        LOG.warn("libvirt connection to {} lost ({}); reconnecting in the background", uri, reason);
        pc.retire();
        events.connectionDown(uri, reason);
        stateChanged.run();
    }

    void close() {
        PooledConnection pc;
        synchronized (this) {
            closed = true;
            if (pendingOpen != null) {
                pendingOpen.cancel(false);
            }
            pc = current;
            current = null;
        }
        if (pc != null) {
            pc.retire();
        }
        // a close queued by retire() still runs; a later one (last lease released after this) runs inline
        worker.shutdown();
    }

    private synchronized void scheduleOpen(Duration delay) {
        scheduleOpenLocked(delay);
    }

    private void scheduleOpenLocked(Duration delay) {
        if (closed) {
            return;
        }
        try {
            pendingOpen = timers.schedule(this::beginOpen, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: pool closing, no reopen", uri);
        }
    }

    private void beginOpen() {
        long attempt;
        synchronized (this) {
            if (closed || current != null || opening) {
                return;
            }
            opening = true;
            attempt = ++openAttempts;
        }
        try {
            timers.schedule(() -> openOverdue(attempt), settings.openDeadline().toNanos(), TimeUnit.NANOSECONDS);
            worker.execute(this::open);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                opening = false;
            }
        }
    }

    private void open() {
        PooledConnection pc;
        try {
            pc = PooledConnection.open(uri, settings, worker, this::lost, events.lifecycleListenerFor(uri));
        } catch (Exception e) {
            openFailed(LibvirtErrors.describe(e));
            return;
        } catch (LinkageError e) {
            // JNA or libvirt.so.0 missing: say so in health rather than let the worker die silently
            openFailed("libvirt library unusable (is the Debian package libvirt0 installed?): " + e);
            return;
        }
        opened(pc);
    }

    private void opened(PooledConnection pc) {
        boolean installed;
        boolean reconnected;
        synchronized (this) {
            opening = false;
            attempted = true;
            installed = !closed;
            reconnected = everUp;
            if (installed) {
                current = pc;
                everUp = true;
                if (reconnected) {
                    reconnects++;
                }
                failureLogged = false;
                backoff.reset();
            }
        }
        if (!installed) {
            // the pool was closed while this open was under way
            pc.retire();
            return;
        }
        if (reconnected) {
            LOG.info("libvirt connection to {} re-established", uri);
        } else {
            LOG.info("libvirt connection to {} open", uri);
        }
        events.connectionUp(uri);
        stateChanged.run();
    }

    private void openFailed(String error) {
        Duration delay;
        boolean logAsWarning;
        synchronized (this) {
            opening = false;
            attempted = true;
            lastError = error;
            delay = backoff.next();
            logAsWarning = !failureLogged;
            failureLogged = true;
            scheduleOpenLocked(delay);
        }
        // one warning per outage; the retries every few seconds after it would drown the log
        if (logAsWarning) {
            LOG.warn("cannot open libvirt connection to {}: {}; retrying in the background", uri, error);
        } else {
            LOG.debug("cannot open libvirt connection to {}: {}; next attempt in {} ms", uri, error, delay.toMillis());
        }
        stateChanged.run();
    }

    private void openOverdue(long attempt) {
        synchronized (this) {
            if (!opening || attempt != openAttempts) {
                return;
            }
            attempted = true;
            lastError = "opening has not returned after " + settings.openDeadline().toMillis()
                    + " ms (libvirt opens have no timeout); still waiting for it";
        }
        LOG.warn("libvirt connection to {}: {}", uri, lastError);
        stateChanged.run();
    }
}
