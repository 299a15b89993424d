package org.jfenced.libvirt;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.libvirt.Connect;
import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process-wide libvirt set-up, done once before the first connection opens: errors go to the log
 * instead of stderr, and libvirt's default event loop runs on a daemon thread for the life of the JVM.
 *
 * <p>Why an event loop rather than fence_virtd's probe ({@code numOfDomains()} plus {@code isAlive()}
 * before every request): with the loop running, libvirt fires the close callback within about 0.1 s of
 * libvirtd going away, without any request having to fail first; keepalive bounds a call into a hung
 * libvirtd instead of letting it block a worker for as long as the daemon is frozen; and the cpg backend
 * gets lifecycle events. The loop brings one trap: {@code initEventLoop()} makes every later connection
 * advertise keepalive, and libvirtd drops a client that advertises it but never answers (after about
 * 30 s idle). So the loop is initialised only here, together with starting the thread that runs it, and
 * that thread never stops.
 */
final class LibvirtRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(LibvirtRuntime.class);

    /**
     * libvirt's default handler prints every error to stderr, expected "Domain not found" misses
     * included; the exceptions carry the same errors. Held in a static field because libvirt keeps
     * calling it, and a JNA callback that is garbage-collected crashes the JVM when called.
     */
    private static final Libvirt.VirErrorCallback ERRORS_TO_DEBUG_LOG = (userData, error) ->
            LOG.debug("libvirt error {} (from {}): {}", error.code, error.domain, error.message);

    /** Latches the loop thread opens between two runs of the loop; see {@link #awaitLoopPass}. */
    private static final Queue<CountDownLatch> LOOP_PASS_WAITERS = new ConcurrentLinkedQueue<>();
    private static final long LOOP_NUDGE_MILLIS = 20;

    private static boolean started;
    private static volatile Thread loopThread;

    private LibvirtRuntime() {
    }

    /** Idempotent; must run before any {@code new Connect(...)} in this JVM. */
    static synchronized void ensureStarted() throws LibvirtException {
        if (started) {
            return;
        }
        Connect.setErrorCallback(ERRORS_TO_DEBUG_LOG);
        Library.initEventLoop();
        loopThread = new Thread(LibvirtRuntime::runForever, "libvirt-event-loop");
        loopThread.setDaemon(true);
        loopThread.start();
        started = true;
    }

    /**
     * Returns once the event loop has finished the dispatch it may be in, or after {@code timeout}.
     * Deregistering a callback stops new dispatches to it, but one already under way still runs, and
     * libvirt-java's event callback reads the Connect's native pointer, which close() nulls. So a
     * connection is closed only after its callbacks are removed and the loop has come round once.
     */
    static void awaitLoopPass(Duration timeout) throws InterruptedException {
        if (Thread.currentThread() == loopThread) {
            return;
        }
        CountDownLatch passed = new CountDownLatch(1);
        LOOP_PASS_WAITERS.add(passed);
        long deadline = System.nanoTime() + timeout.toNanos();
        // stopEventLoop is ignored while the loop thread is between two runs; nudge until it answers
        do {
            try {
                Library.stopEventLoop();
            } catch (LibvirtException e) {
                LOG.debug("waking the libvirt event loop: {}", e.getMessage());
            }
        } while (!passed.await(LOOP_NUDGE_MILLIS, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline);
        LOOP_PASS_WAITERS.remove(passed);
    }

    /**
     * Callbacks (close, lifecycle) run on this thread, and keepalive answers depend on it, so every
     * callback the pool registers only records and hands off. runEventLoop returns when
     * {@link #awaitLoopPass} stops it, or by an exception; it is restarted at once, since a loop that
     * stays stopped would make libvirtd drop every connection.
     */
    private static void runForever() {
        while (true) {
            try {
                Library.runEventLoop();
                CountDownLatch waiter;
                while ((waiter = LOOP_PASS_WAITERS.poll()) != null) {
                    waiter.countDown();
                }
            } catch (InterruptedException e) {
                LOG.warn("libvirt event loop thread interrupted; it keeps running, connections depend on it");
            } catch (LibvirtException | RuntimeException e) {
                LOG.error("libvirt event loop failed; restarting it", e);
                pauseBeforeRestart();
            }
        }
    }

    private static void pauseBeforeRestart() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            LOG.warn("libvirt event loop thread interrupted while restarting; it keeps running");
        }
    }
}
