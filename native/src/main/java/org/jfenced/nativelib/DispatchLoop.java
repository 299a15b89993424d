package org.jfenced.nativelib;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one corosync client connection on a dedicated thread: poll on the connection's fd plus an eventfd,
 * dispatch when readable, reopen with backoff when the local corosync goes away, and close on the same thread.
 *
 * <p>The thread has a 4 MiB stack because {@code cpg_dispatch} and {@code votequorum_dispatch} each put a
 * 1 MiB buffer on the stack; on a default Java thread the JVM dies with SIGSEGV. It is created by the thread
 * that calls {@link #start}, so it inherits that thread's network namespace: corosync's IPC sockets are
 * abstract sockets, looked up per network namespace, and every reconnect must reach the same corosync.
 */
public final class DispatchLoop implements AutoCloseable {
    /** libcpg's dispatch frame is 1,054,040 bytes; 4 MiB leaves room for callbacks into Java. */
    public static final long STACK_SIZE = 4L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(DispatchLoop.class);
    private static final Duration RECONNECT_FIRST = Duration.ofMillis(100);
    private static final Duration RECONNECT_MAX = Duration.ofMillis(500);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final short FAILED = LibC.POLLHUP | LibC.POLLERR | LibC.POLLNVAL;

    /** One corosync client connection; every method runs on the dispatch thread. */
    public interface Connection {
        /** Opens the connection and returns the fd to poll. Must clean up after itself when it fails. */
        int open() throws CorosyncException;

        /** Handles everything pending on the fd; throws when the connection is gone. */
        void dispatch() throws CorosyncException;

        /** Ends the connection; {@code orderly} when the user closes it rather than corosync having died. */
        void close(boolean orderly);

        /** The connection was lost and has been closed; the loop now tries to open a new one. */
        void lost(CorosyncException cause);

        /** A new connection replaces the lost one. */
        void restored();
    }

    private final Connection connection;
    private final EventFd wakeup = new EventFd();
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final Thread thread;
    private boolean wakeupClosed;
    private volatile boolean closing;

    private DispatchLoop(String name, Connection connection) {
        this.connection = connection;
        this.thread = new Thread(null, this::run, name, STACK_SIZE);
        this.thread.setDaemon(true);
    }

    /** Starts the thread and returns once the first {@link Connection#open} succeeded; throws if it failed. */
    public static DispatchLoop start(String name, Connection connection, Duration openTimeout) throws CorosyncException {
        DispatchLoop loop = new DispatchLoop(name, connection);
        loop.thread.start();
        try {
            loop.opened.get(openTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return loop;
        } catch (ExecutionException e) {
            loop.close();
            if (e.getCause() instanceof CorosyncException ce) {
                throw ce;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("opening the corosync connection failed", e.getCause());
        } catch (TimeoutException e) {
            loop.close();
            throw new CorosyncException("open", CsError.CS_ERR_TIMEOUT.code(), "no answer within " + openTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loop.close();
            throw new CorosyncException("open", CsError.CS_ERR_INTERRUPT.code());
        }
    }

    public boolean isDispatchThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Stops the loop; the connection is closed on the dispatch thread. Called from a callback, it returns at
     * once and the loop ends when the callback returns.
     */
    @Override
    public void close() {
        closing = true;
        if (isDispatchThread()) {
            return;
        }
        signalWakeup();
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.error("{} did not stop within {}", thread.getName(), CLOSE_TIMEOUT);
        }
    }

    private void run() {
        try {
            runConnection();
        } finally {
            closeWakeup();
        }
    }

    private void runConnection() {
        int fd;
        try {
            fd = connection.open();
        } catch (CorosyncException | RuntimeException | Error e) {
            // an Error too (say, libcpg cannot be loaded): the caller must hear it now, not at its timeout
            opened.completeExceptionally(e);
            return;
        }
        opened.complete(null);
        Memory pollFds = new Memory(16);
        while (!closing) {
            short revents = poll(pollFds, fd, -1);
            if (closing) {
                break;
            }
            if (revents == 0) {
                continue;
            }
            try {
                connection.dispatch();
                if ((revents & FAILED) != 0) {
                    throw new CorosyncException("poll", CsError.CS_ERR_LIBRARY.code(), "corosync closed the IPC connection");
                }
            } catch (CorosyncException | RuntimeException | Error e) {
                // whatever went wrong, a dispatch thread that died quietly would leave a group that sends
                // but never hears anything: start over on a new connection instead
                fd = reopen(e);
                if (fd < 0) {
                    return;
                }
            }
        }
        connection.close(true);
    }

    /** Returns the new fd, or -1 when the loop was closed meanwhile (the old connection is closed by then). */
    private int reopen(Throwable failure) {
        CorosyncException cause;
        if (failure instanceof CorosyncException ce) {
            cause = ce;
        } else {
            LOG.error("{}: dispatch failed, reconnecting so that no event is silently lost", thread.getName(), failure);
            cause = new CorosyncException("dispatch", CsError.CS_ERR_LIBRARY.code(), "dispatch failed: " + failure);
            cause.initCause(failure);
        }
        connection.close(false);
        connection.lost(cause);
        Memory pollFds = new Memory(16);
        long pauseMs = RECONNECT_FIRST.toMillis();
        while (!closing) {
            poll(pollFds, -1, (int) pauseMs);
            if (closing) {
                break;
            }
            int fd;
            try {
                fd = connection.open();
            } catch (CorosyncException e) {
                LOG.debug("{}: corosync still unavailable: {}", thread.getName(), e.getMessage());
                pauseMs = Math.min(pauseMs * 2, RECONNECT_MAX.toMillis());
                continue;
            } catch (RuntimeException | Error e) {
                LOG.error("{}: reconnecting failed", thread.getName(), e);
                pauseMs = RECONNECT_MAX.toMillis();
                continue;
            }
            connection.restored();
            return fd;
        }
        return -1;
    }

    /** Polls {@code fd} (skipped when negative) and the wakeup fd; returns the revents of {@code fd}. */
    private short poll(Memory pollFds, int fd, int timeoutMs) {
        pollFds.setInt(0, wakeup.fd());
        pollFds.setShort(4, LibC.POLLIN);
        pollFds.setShort(6, (short) 0);
        pollFds.setInt(8, fd);
        pollFds.setShort(12, LibC.POLLIN);
        pollFds.setShort(14, (short) 0);
        while (true) {
            try {
                LibC.poll(pollFds, fd < 0 ? 1 : 2, timeoutMs);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EINTR) {
                    throw e;
                }
            }
        }
        if (pollFds.getShort(6) != 0) {
            wakeup.drain();
        }
        return fd < 0 ? 0 : pollFds.getShort(14);
    }

    private synchronized void signalWakeup() {
        if (!wakeupClosed) {
            wakeup.signal();
        }
    }

    private synchronized void closeWakeup() {
        if (!wakeupClosed) {
            wakeupClosed = true;
            wakeup.close();
        }
    }
}
