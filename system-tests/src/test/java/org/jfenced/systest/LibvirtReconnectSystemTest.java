package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.jfenced.libvirt.PrivateLibvirtd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/jfenced against a real libvirtd (serving the test driver on a private socket) that dies, hangs
 * and comes back: requests fail fast meanwhile and succeed again afterwards, without restarting jfenced.
 */
class LibvirtReconnectSystemTest {

    private static PrivateLibvirtd.RunDirFootprint footprint;

    @TempDir
    Path dir;

    private PrivateLibvirtd libvirtd;
    private JfencedProcess daemon;
    private TestHost host;

    @BeforeAll
    static void rememberRunDir() {
        Requirements.root();
        footprint = new PrivateLibvirtd.RunDirFootprint();
    }

    @AfterAll
    static void restoreRunDir() throws Exception {
        footprint.restore();
    }

    @BeforeEach
    void startLibvirtd() throws Exception {
        libvirtd = new PrivateLibvirtd();
        libvirtd.start();
        host = new TestHost(dir);
    }

    @AfterEach
    void stopAll() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        libvirtd.close();
    }

    private Path config() {
        return host.config("fence_virt.conf", "", libvirtd.uri(host.nodeFile), "");
    }

    /** Polls status until it answers ON; returns how long that took. */
    private long awaitStatusOn(Duration limit) {
        long start = System.nanoTime();
        ClientRun last = null;
        while (System.nanoTime() - start < limit.toNanos()) {
            last = host.client().run("-o", "status", "-n", "vm-run1");
            if (last.exit() == 0) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            JfencedProcess.sleep(200);
        }
        throw new AssertionError("status never answered ON again within " + limit + "; last: " + last + "\n"
                + daemon.log());
    }

    @Test
    void requestsFailFastWhileLibvirtdIsDeadAndSucceedOnceItIsBack() throws Exception {
        daemon = JfencedProcess.start(dir, config());
        long pid = daemon.handle().pid();
        assertEquals(0, host.client().run("-o", "status", "-n", "vm-run1").exit());

        libvirtd.kill();
        daemon.awaitLog("libvirt connection", Duration.ofSeconds(5));
        for (String[] args : new String[][] {{"-o", "status", "-n", "vm-run1"}, {"-o", "off", "-n", "vm-run1"},
                {"-o", "monitor"}}) {
            ClientRun r = host.client().run(args);
            assertEquals(1, r.exit(), "while libvirtd is down: " + r);
            assertTrue(r.millis() < 3000, "must fail fast, took " + r.millis() + " ms");
        }

        libvirtd.start();
        awaitStatusOn(Duration.ofSeconds(20));
        assertEquals(pid, daemon.handle().pid());
        assertTrue(daemon.isAlive());
        assertEquals(0, host.client().run("-o", "off", "-n", "vm-run1").exit());
        assertEquals(2, host.client().run("-o", "status", "-n", "vm-run1").exit());
    }

    /**
     * SIGSTOP: the first request fails within 3 s (the keepalive notices the silence), later ones at once,
     * none says OFF; after SIGCONT the same daemon serves again.
     */
    @Test
    void aFrozenLibvirtdIsNoticedWithin3SecondsAndServiceResumesAfterSigcont() throws Exception {
        daemon = JfencedProcess.start(dir, config());
        long pid = daemon.handle().pid();
        assertEquals(0, host.client().run("-o", "status", "-n", "vm-run1").exit());
        libvirtd.freeze();
        try {
            ClientRun first = host.client().run("-o", "status", "-n", "vm-run1");
            assertEquals(1, first.exit(), "a frozen libvirtd's VM is neither ON nor OFF: " + first);
            assertTrue(first.millis() <= 3000, "the first request after the freeze took " + first.millis() + " ms");
            for (String[] args : new String[][] {{"-o", "status", "-n", "vm-run1"}, {"-o", "off", "-n", "vm-run1"},
                    {"-o", "reboot", "-n", "vm-run1"}}) {
                ClientRun later = host.client().run(args);
                assertEquals(1, later.exit(), "while libvirtd is frozen: " + later);
                assertTrue(later.millis() < 1500, "once the connection is known dead requests fail at once: " + later);
            }
        } finally {
            libvirtd.thaw();
        }
        awaitStatusOn(Duration.ofSeconds(20));
        assertEquals(pid, daemon.handle().pid());
        assertEquals(0, host.client().run("-o", "off", "-n", "vm-run1").exit());
        assertEquals(2, host.client().run("-o", "status", "-n", "vm-run1").exit());
    }

    @Test
    void withoutWaitTheDaemonGivesUpWhenLibvirtdIsDownAtStartWithWaitItServesOnceItComes() throws Exception {
        Path conf = config();
        libvirtd.terminate();
        JfencedProcess impatient = JfencedProcess.launch(dir, conf);
        assertEquals(1, impatient.awaitExit(Duration.ofSeconds(30)));
        assertTrue(impatient.log().contains("backend libvirt is not ready") && impatient.log().contains("-w"),
                impatient.log());

        daemon = JfencedProcess.launch(dir, conf, "-w");
        daemon.awaitLog("waiting for backend libvirt", Duration.ofSeconds(30));
        libvirtd.start();
        daemon.awaitLog("jfenced ready", Duration.ofSeconds(30));
        assertEquals(0, host.client().run("-o", "status", "-n", "vm-run1").exit());
    }
}
