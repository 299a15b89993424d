package org.jfenced.libvirt;

import static org.jfenced.libvirt.TestHosts.A_RUN1_UUID;
import static org.jfenced.libvirt.TestHosts.fence;
import static org.jfenced.libvirt.TestHosts.listedState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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

/** off is a hard power-off (destroy) that succeeds for any known VM and leaves it shut off. */
class OffTest {

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

    @ParameterizedTest(name = "off {0}")
    @ValueSource(strings = {"vm-run1", "vm-paused", "vm-crashed", "vm-blocked", "vm-pmsuspended", "vm-nostate"})
    void powersOffAVmInAnyActiveState(String name) {
        assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.OFF, name));
        assertEquals(VmState.SHUTOFF, listedState(backend, name));
        assertEquals(FenceResult.OFF, fence(backend, FenceAction.STATUS, name));
    }

    @Test
    void succeedsForAVmAlreadyOffAndLeavesItOff() {
        assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.OFF, "vm-off1"));
        assertEquals(VmState.SHUTOFF, listedState(backend, "vm-off1"));
    }

    @Test
    void succeedsAgainWhenRepeated() {
        assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.OFF, "vm-run2"));
        assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.OFF, "vm-run2"));
    }

    @Test
    void makesATransientVmDisappear() {
        assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.OFF, "vm-transient"));
        assertNull(listedState(backend, "vm-transient"), "a destroyed transient domain no longer exists");
        assertEquals(FenceResult.OFF, fence(backend, FenceAction.STATUS, "vm-transient"));
    }

    @Test
    void findsTheVmByUpperCaseUuid() {
        assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.OFF, A_RUN1_UUID.toUpperCase(Locale.ROOT)));
        assertEquals(VmState.SHUTOFF, listedState(backend, "vm-run1"));
    }

    @Test
    void failsForAnUnknownVmOrAWrongCaseName() {
        assertEquals(FenceResult.FAIL, fence(backend, FenceAction.OFF, "no-such-vm"));
        assertEquals(FenceResult.FAIL, fence(backend, FenceAction.OFF, "VM-RUN1"));
        assertEquals(VmState.RUNNING, listedState(backend, "vm-run1"));
    }
}
