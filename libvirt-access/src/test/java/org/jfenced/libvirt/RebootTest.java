package org.jfenced.libvirt;

import static org.jfenced.libvirt.TestHosts.A_RUN1_UUID;
import static org.jfenced.libvirt.TestHosts.fence;
import static org.jfenced.libvirt.TestHosts.listedState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** reboot destroys the VM, waits until it is down, and starts it again from its saved XML. */
class RebootTest {

    @TempDir
    Path dir;
    LibvirtHost backend;

    @BeforeEach
    void connect() throws Exception {
        backend = TestHosts.connectedBackend(TestHosts.testUri(dir, "node-a.xml"));
    }

    @AfterEach
    void close() {
        backend.close();
    }

    @ParameterizedTest(name = "reboot {0} ends running")
    @ValueSource(strings = {"vm-run1", "vm-paused", "vm-crashed", "vm-blocked", "vm-pmsuspended", "vm-nostate"})
    void leavesAnActiveVmRunning(String name) {
        assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.REBOOT, name));
        assertEquals(VmState.RUNNING, listedState(backend, name));
    }

    @Test
    void keepsAPersistentVmPersistent() {
        assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.REBOOT, "vm-run1"));
        assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.OFF, "vm-run1"));
        assertEquals(VmState.SHUTOFF, listedState(backend, "vm-run1"), "a persistent domain stays defined when destroyed");
    }

    @Test
    void recreatesATransientVmFromItsXml() {
        assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.REBOOT, "vm-transient"));
        assertEquals(VmState.RUNNING, listedState(backend, "vm-transient"));
        assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.OFF, "vm-transient"));
        assertNull(listedState(backend, "vm-transient"), "still transient: gone once destroyed");
    }

    /** fence-agents PR #500: rebooting a VM that is off must not power it on. */
    @Test
    void succeedsForAShutOffVmAndLeavesItOff() {
        assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.REBOOT, "vm-off1"));
        assertEquals(VmState.SHUTOFF, listedState(backend, "vm-off1"));
    }

    @Test
    void findsTheVmByUuid() {
        assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.REBOOT, A_RUN1_UUID.toUpperCase(Locale.ROOT)));
        assertEquals(VmState.RUNNING, listedState(backend, "vm-run1"));
    }

    @Test
    void failsForAnUnknownVm() {
        assertEquals(FenceResult.FAIL, fence(backend, FenceAction.REBOOT, "no-such-vm"));
    }

    /**
     * fence_virtd sleeps a whole second before it first checks that the destroyed VM is down; polling
     * instead means a reboot whose destroy takes effect at once is over in far less.
     */
    @Test
    void doesNotSleepASecondBeforeCheckingTheVmIsDown() {
        long start = System.nanoTime();
        assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.REBOOT, "vm-run2"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 1000, "reboot took " + millis + " ms");
    }
}
