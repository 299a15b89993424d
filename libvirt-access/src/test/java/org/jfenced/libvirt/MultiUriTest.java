package org.jfenced.libvirt;

import static org.jfenced.libvirt.TestHosts.A_NAMES_SORTED;
import static org.jfenced.libvirt.TestHosts.B_SHARED_UUID;
import static org.jfenced.libvirt.TestHosts.fence;
import static org.jfenced.libvirt.TestHosts.hostList;
import static org.jfenced.libvirt.TestHosts.listedState;
import static org.jfenced.libvirt.TestHosts.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.Health;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With several URIs, lookups go through them in configuration order and the first that knows the VM wins. */
class MultiUriTest {

    @TempDir
    Path dir;

    @Test
    void theFirstUriThatKnowsTheNameWins() throws Exception {
        String a = TestHosts.testUri(dir, "node-a.xml");
        String b = TestHosts.testUri(dir, "node-b.xml");
        try (LibvirtHost aFirst = TestHosts.connectedBackend(a, b);
             LibvirtHost bFirst = TestHosts.connectedBackend(b, a)) {
            // vm-shared runs on host A and is shut off on host B
            assertEquals(FenceResult.SUCCESS, fence(aFirst, FenceAction.STATUS, "vm-shared"));
            assertEquals(FenceResult.OFF, fence(bFirst, FenceAction.STATUS, "vm-shared"));
        }
    }

    @Test
    void fencesAVmThatOnlyALaterUriKnows() throws Exception {
        try (LibvirtHost backend = TestHosts.connectedBackend(
                TestHosts.testUri(dir, "node-a.xml"), TestHosts.testUri(dir, "node-b.xml"))) {
            assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.OFF, "vm-b-run"));
            assertEquals(VmState.SHUTOFF, listedState(backend, "vm-b-run"));
            assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.ON, "banana"));
            assertEquals(VmState.RUNNING, listedState(backend, "banana"));
            // by UUID only host B's vm-shared matches, although host A comes first and has the same name
            assertEquals(FenceResult.OFF, fence(backend, FenceAction.STATUS, B_SHARED_UUID));
        }
    }

    /**
     * A URI that cannot be reached makes "unknown VM" unknowable: status answers FAIL rather than OFF,
     * because the VM may be running on that host. VMs the other URIs know are served as usual, at once.
     */
    @Test
    void aDownUriFailsOnlyTheRequestsThatNeedIt() throws Exception {
        String down = "test+unix:///default?socket=" + dir.resolve("no-libvirtd-here.sock");
        LibvirtHost backend = new LibvirtHost(List.of(down, TestHosts.testUri(dir, "node-a.xml")), TestHosts.FAST);
        try (backend) {
            assertTrue(backend.pool().awaitFirstAttempts(Duration.ofSeconds(10)));
            long start = System.nanoTime();
            assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.STATUS, "vm-run1"));
            assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.OFF, "vm-run1"));
            assertEquals(FenceResult.FAIL, fence(backend, FenceAction.STATUS, "no-such-vm"));
            assertEquals(FenceResult.FAIL, fence(backend, FenceAction.OFF, "no-such-vm"));
            assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.DEVSTATUS, ""));
            assertEquals(A_NAMES_SORTED, names(hostList(backend)));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 3000, "requests waited for the down URI: " + millis + " ms");

            Health health = backend.health();
            assertTrue(health.ok());
            Health.Part downPart = health.parts().get(0);
            assertEquals(down, downPart.name());
            assertFalse(downPart.up());
            assertTrue(downPart.detail().contains("no-libvirtd-here.sock"), downPart.detail());
            assertTrue(health.parts().get(1).up());
        }
    }
}
