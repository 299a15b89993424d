package org.jfenced.libvirt;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.event.ConnectionCloseListener;
import org.libvirt.event.LifecycleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open libvirt connection, shared by concurrent calls and closed only once it has been retired
 * and the last call using it has finished. libvirt-java has no locking of its own: {@code close()} nulls
 * the native pointer under any thread still inside a call, so closing early would be a use-after-free.
 */
final class PooledConnection {

    private static final Logger LOG = LoggerFactory.getLogger(PooledConnection.class);
    /** The loop answers within microseconds unless a callback hangs; never hold a close up longer. */
    private static final Duration LOOP_PASS_TIMEOUT = Duration.ofSeconds(1);

    private final String uri;
    private final Connect connect;
    private final Executor closer;
    private LifecycleListener lifecycleListener;
    private boolean closeListenerRegistered;

    private int users;
    private boolean retired;
    private boolean closing;

    /**
     * @param closer where the native close runs; closing a remote connection is an RPC, so it must
     *     not run on the event loop or a call thread
     */
    PooledConnection(String uri, Connect connect, Executor closer) {
        this.uri = uri;
        this.connect = connect;
        this.closer = closer;
    }

    /**
     * Opens {@code uri} and subscribes to its close and lifecycle events. Blocks for as long as libvirt
     * takes, which is unbounded for a frozen daemon: call it only from a worker thread.
     */
    static PooledConnection open(String uri, PoolSettings settings, Executor closer,
                                 BiConsumer<PooledConnection, String> onClosed, LifecycleListener onLifecycle) throws LibvirtException {
        LibvirtRuntime.ensureStarted();
        PooledConnection pc = new PooledConnection(uri, new Connect(uri), closer);
        pc.enableKeepAlive(settings);
        pc.watch(onClosed, onLifecycle);
        return pc;
    }

    String uri() {
        return uri;
    }

    Connect connect() {
        return connect;
    }

    /** libvirt reports it dead once the event loop saw EOF or a keepalive timeout, without any call. */
    boolean isAlive() {
        try {
            return connect.isAlive();
        } catch (LibvirtException e) {
            return false;
        }
    }

    /** Counts one more call in progress; false once retired. */
    synchronized boolean tryAcquire() {
        if (retired) {
            return false;
        }
        users++;
        return true;
    }

    void release() {
        boolean close;
        synchronized (this) {
            users--;
            close = claimCloseLocked();
        }
        if (close) {
            closeLater();
        }
    }

    /** Stops handing the connection out; it closes when the last call using it finishes. */
    void retire() {
        boolean close;
        synchronized (this) {
            retired = true;
            close = claimCloseLocked();
        }
        if (close) {
            closeLater();
        }
    }

    private boolean claimCloseLocked() {
        if (retired && users == 0 && !closing) {
            closing = true;
            return true;
        }
        return false;
    }

    private void closeLater() {
        try {
            closer.execute(this::closeNow);
        } catch (RejectedExecutionException e) {
            // the pool is shutting down and its workers are gone: close here rather than leak
            closeNow();
        }
    }

    private void enableKeepAlive(PoolSettings settings) {
        if (settings.keepAliveInterval() == 0) {
            return;
        }
        try {
            connect.setKeepAlive(settings.keepAliveInterval(), settings.keepAliveCount());
        } catch (LibvirtException e) {
            // expected for local drivers (the in-process test driver has no keepalive)
            LOG.debug("{}: no keepalive: {}", uri, e.getMessage());
        }
    }

    /** Callbacks run on the event loop thread: both arguments must return quickly. */
    private void watch(BiConsumer<PooledConnection, String> onClosed, LifecycleListener onLifecycle) {
        ConnectionCloseListener closeListener = (conn, reason) -> onClosed.accept(this, "closed by libvirt: " + reason);
        try {
            connect.registerCloseListener(closeListener);
            closeListenerRegistered = true;
        } catch (LibvirtException e) {
            LOG.debug("{}: no close notification: {}", uri, e.getMessage());
        }
        try {
            connect.addLifecycleListener(onLifecycle);
            lifecycleListener = onLifecycle;
        } catch (LibvirtException e) {
            LOG.warn("{}: no domain lifecycle events: {}", uri, e.getMessage());
        }
    }

    /**
     * Registrations hold native references that close() cannot release once it has nulled the
     * pointer, so they go first. On a dead connection removing them fails; close() still works.
     * Between the two, a dispatch already under way must end (see LibvirtRuntime.awaitLoopPass).
     */
    private void closeNow() {
        if (lifecycleListener != null) {
            try {
                connect.removeLifecycleListener(lifecycleListener);
            } catch (LibvirtException e) {
                LOG.debug("{}: removing the lifecycle listener: {}", uri, e.getMessage());
            }
        }
        if (closeListenerRegistered) {
            try {
                connect.unregisterCloseListener();
            } catch (LibvirtException e) {
                LOG.debug("{}: unregistering the close listener: {}", uri, e.getMessage());
            }
        }
        try {
            LibvirtRuntime.awaitLoopPass(LOOP_PASS_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            int remaining = connect.close();
            LOG.debug("{}: closed, {} native references left", uri, remaining);
        } catch (LibvirtException e) {
            LOG.debug("{}: close: {}", uri, e.getMessage());
        }
    }
}
