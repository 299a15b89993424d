package org.jfenced.libvirt;

import static org.jfenced.libvirt.TestHosts.fence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.Health;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevStatusAndNullTest {

    @TempDir
    Path dir;

    @Test
    void devstatusSucceedsWhileAConnectionIsUpAndNullAlwaysFails() throws Exception {
        try (LibvirtHost backend = TestHosts.connectedBackend(TestHosts.testUri(dir, "node-a.xml"))) {
            assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.DEVSTATUS, ""));
            assertEquals(FenceResult.FAIL, fence(backend, FenceAction.NULL, "vm-run1"));
            Health health = backend.health();
            assertTrue(health.ok());
            assertEquals("1 of 1 libvirt connection up", health.summary());
        }
    }

    @Test
    void devstatusFailsWhenNoConnectionIsUp() throws Exception {
        String down = "test+unix:///default?socket=" + dir.resolve("no-libvirtd-here.sock");
        try (LibvirtHost backend = new LibvirtHost(List.of(down), TestHosts.FAST)) {
            assertTrue(backend.pool().awaitFirstAttempts(Duration.ofSeconds(10)));
            assertEquals(FenceResult.FAIL, fence(backend, FenceAction.DEVSTATUS, ""));
            assertEquals(FenceResult.FAIL, fence(backend, FenceAction.STATUS, "vm-run1"));
            assertFalse(backend.health().ok());
        }
    }

    @Test
    void answersFailOnceClosed() throws Exception {
        LibvirtHost backend = TestHosts.connectedBackend(TestHosts.testUri(dir, "node-a.xml"));
        backend.close();
        assertEquals(FenceResult.FAIL, fence(backend, FenceAction.STATUS, "vm-run1"));
        backend.close();
    }
}
