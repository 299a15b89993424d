package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The held-connection attack on the TCP listener: 1,000 loopback connections held idle or with part of a
 * request sent, each reopened as soon as jfenced closes it, against bin/jfenced. The real fence_virt
 * still gets its answer 20 times in a row, each within a second.
 */
class TcpFloodSystemTest {

    private static final int IDLE = 700;
    private static final int PARTIAL = 300;
    private static final int RUNS = 20;

    @TempDir
    Path dir;

    @AutoClose
    private JfencedProcess daemon;
    private ConnectionFlood flood;

    /** The flood stops before the daemon: {@code @AutoClose} closes that after every {@code @AfterEach}. */
    @AfterEach
    void stop() throws Exception {
        if (flood != null) {
            flood.close();
        }
    }

    @Test
    void withTheDefaultConfigTheRealFenceVirtGetsThrough20TimesInARowWhile1000ConnectionsAreHeld() throws Exception {
        TestHost host = new TestHost(dir);
        daemon = JfencedProcess.start(dir, host.config("", ""));
        fenceVirtGetsThrough20TimesInARow(host, 1000);
        assertTrue(flood.closedByServer() >= IDLE + PARTIAL, "the held connections were closed at their deadline"
                + " and reopened: " + flood);
    }

    /**
     * With the least room allowed for waiting connections (256, a quarter of it per address), the flood's
     * own connections make room for each other all the time. fence_virt's connection then queues behind
     * the flood's in the kernel's accept queue, so its wait is bounded by how fast jfenced accepts, and
     * on this shared machine the bound is looser than the default config's.
     */
    @Test
    void whenTheFloodExceedsTheWaitingConnectionsTheSilentLongestMakeRoomAndFenceVirtStillGetsThrough()
            throws Exception {
        TestHost host = new TestHost(dir);
        daemon = JfencedProcess.start(dir, host.config("max_waiting_connections = \"256\";", ""));
        fenceVirtGetsThrough20TimesInARow(host, 3000);
        assertTrue(daemon.log().contains("have not sent their request yet; closed the one silent longest"),
                daemon.log());
    }

    /**
     * Starts the flood and lets it run through one cycle of the 5-second request deadline, so that what
     * follows meets the steady state of an attack under way, then asks 20 times, each within
     * {@code maxMillis}.
     */
    private void fenceVirtGetsThrough20TimesInARow(TestHost host, long maxMillis) throws Exception {
        // a daemon in service has answered before: its first request's one-off costs are no part of this
        assertEquals(0, host.client().run("-o", "status", "-n", "vm-run1").exit());
        flood = ConnectionFlood.start(new InetSocketAddress("127.0.0.1", host.port), IDLE, PARTIAL, new byte[100]);
        assertTrue(flood.awaitOpened(2L * (IDLE + PARTIAL), 60_000), flood.toString());

        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            ClientRun r = host.client().run("-o", "status", "-n", "vm-run1");
            millis.add(r.millis());
            assertEquals(0, r.exit(), "run " + (i + 1) + " of fence_virt status during the flood: " + r + "\n" + flood);
            assertTrue(r.millis() < maxMillis, "run " + (i + 1) + " took " + r.millis() + " ms; all so far " + millis
                    + "; " + flood);
        }
        assertTrue(flood.holding() > 0, "the flood held connections throughout: " + flood);
        System.out.println("tcp flood: fence_virt status took " + millis + " ms; " + flood);
        flood.close();
        assertEquals(0, host.client().run("-o", "off", "-n", "vm-run1").exit());
        assertEquals(2, host.client().run("-o", "status", "-n", "vm-run1").exit());
    }
}
