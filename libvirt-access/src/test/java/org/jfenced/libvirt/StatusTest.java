package org.jfenced.libvirt;

import static org.jfenced.libvirt.TestHosts.A_OFF1_UUID;
import static org.jfenced.libvirt.TestHosts.A_RUN1_UUID;
import static org.jfenced.libvirt.TestHosts.fence;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Locale;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** status answers as fence_virtd: SUCCESS ("on") for every state but shut off, OFF for shut off and unknown. */
class StatusTest {

    @TempDir
    static Path dir;
    static LibvirtHost backend;

    @BeforeAll
    static void connect() throws Exception {
        backend = TestHosts.connectedBackend(TestHosts.testUri(dir, "node-a.xml"));
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @ParameterizedTest(name = "status {0} -> {1}")
    @CsvSource({
        "vm-run1,        SUCCESS",
        "vm-off1,        OFF",
        "vm-paused,      SUCCESS",
        "vm-crashed,     SUCCESS",
        "vm-blocked,     SUCCESS",
        "vm-pmsuspended, SUCCESS",
        "vm-nostate,     SUCCESS",
        "vm-transient,   SUCCESS",
        "no-such-vm,     OFF",
        // names are case-sensitive, so this is an unknown VM
        "VM-RUN1,        OFF",
    })
    void reportsTheStateOfEachVm(String target, FenceResult expected) {
        assertEquals(expected, fence(backend, FenceAction.STATUS, target));
    }

    @ParameterizedTest(name = "status by UUID {0} -> {1}")
    @CsvSource({
        A_RUN1_UUID + ", SUCCESS",
        A_OFF1_UUID + ", OFF",
    })
    void findsVmsByUuidInEitherCase(String uuid, FenceResult expected) {
        assertEquals(expected, fence(backend, FenceAction.STATUS, uuid.toLowerCase(Locale.ROOT)));
        assertEquals(expected, fence(backend, FenceAction.STATUS, uuid.toUpperCase(Locale.ROOT)));
    }

    /**
     * libvirt itself would accept the first as vm-run1's UUID; fence_virtd's is_uuid accepts neither, so
     * both are looked up as names, which no VM has.
     */
    @ParameterizedTest(name = "status {0} -> OFF")
    @ValueSource(strings = {"a1a1a1a1111141118111aaaaaaaaaa01", "{a1a1a1a1-1111-4111-8111-aaaaaaaaaa01}"})
    void treatsAnythingButACanonicalUuidAsAName(String notQuiteAUuid) {
        assertEquals(FenceResult.OFF, fence(backend, FenceAction.STATUS, notQuiteAUuid));
    }
}
