package org.jfenced.libvirt;

import static org.jfenced.libvirt.TestHosts.A_OFF1_UUID;
import static org.jfenced.libvirt.TestHosts.fence;
import static org.jfenced.libvirt.TestHosts.listedState;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.junit.jupiter.params.provider.CsvSource;

/** on starts a shut-off VM; any other state counts as on already and is left as it is. */
class OnTest {

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

    @Test
    void startsAShutOffVm() {
        assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.ON, "vm-off1"));
        assertEquals(VmState.RUNNING, listedState(backend, "vm-off1"));
        assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.STATUS, "vm-off1"));
    }

    @Test
    void findsTheVmByUpperCaseUuid() {
        assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.ON, A_OFF1_UUID.toUpperCase(Locale.ROOT)));
        assertEquals(VmState.RUNNING, listedState(backend, "vm-off1"));
    }

    @ParameterizedTest(name = "on {0} leaves it {1}")
    @CsvSource({
        "vm-run1,        RUNNING",
        "vm-paused,      PAUSED",
        "vm-crashed,     CRASHED",
        "vm-blocked,     BLOCKED",
        "vm-pmsuspended, PMSUSPENDED",
        "vm-nostate,     NOSTATE",
        "vm-transient,   RUNNING",
    })
    void succeedsWithoutActingForAVmThatIsNotShutOff(String name, VmState unchanged) {
        assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.ON, name));
        assertEquals(unchanged, listedState(backend, name));
    }

    @Test
    void bringsBackAVmThatWasFencedOff() {
        assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.OFF, "vm-run1"));
        assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.ON, "vm-run1"));
        assertEquals(VmState.RUNNING, listedState(backend, "vm-run1"));
    }

    @Test
    void failsForAnUnknownVm() {
        assertEquals(FenceResult.FAIL, fence(backend, FenceAction.ON, "no-such-vm"));
        assertEquals(FenceResult.FAIL, fence(backend, FenceAction.ON, "VM-OFF1"));
    }
}
