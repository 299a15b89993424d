package org.jfenced.backend.libvirt;

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

    private static boolean started;

    private LibvirtRuntime() {
    }

    /** Idempotent; must run before any {@code new Connect(...)} in this JVM. */
    static synchronized void ensureStarted() throws LibvirtException {
        if (started) {
            return;
        }
        Connect.setErrorCallback(ERRORS_TO_DEBUG_LOG);
        Library.initEventLoop();
        Thread loop = new Thread(LibvirtRuntime::runForever, "libvirt-event-loop");
        loop.setDaemon(true);
        loop.start();
        started = true;
    }

    /**
     * Callbacks (close, lifecycle) run on this thread, and keepalive answers depend on it, so every
     * callback the pool registers only records and hands off. Nothing calls stopEventLoop, so
     * runEventLoop returns only by an exception; the loop is restarted because stopping it would make
     * libvirtd drop every connection.
     */
    private static void runForever() {
        while (true) {
            try {
                Library.runEventLoop();
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
