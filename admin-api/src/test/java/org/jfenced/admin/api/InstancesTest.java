package org.jfenced.admin.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InstancesTest {

    @Test
    void theDefaultPidFileKeepsTheDefaultSocket() {
        assertEquals(Path.of(AdminProtocol.DEFAULT_SOCKET), Instances.defaultSocketFor(Path.of(Instances.DEFAULT_PID_FILE)));
    }

    @Test
    void anotherPidFileGetsASocketOfItsOwn() {
        assertEquals(Path.of("/run/jfenced/fenceA.sock"), Instances.defaultSocketFor(Path.of("/run/fenceA.pid")));
        assertEquals(Path.of("/run/jfenced/fenceB.sock"), Instances.defaultSocketFor(Path.of("/var/run/fenceB.pid")));
        assertEquals(Path.of("/run/jfenced/fenceC.lock.sock"), Instances.defaultSocketFor(Path.of("/run/fenceC.lock")));
    }

    @Test
    void theInstanceIsThePidFilesNameWithoutPid() {
        assertEquals("fence_virtd", Instances.ofPidFile(Path.of("/var/run/fence_virtd.pid")));
        assertEquals(".pid", Instances.ofPidFile(Path.of("/run/.pid")));
    }

    @Test
    void refusesNamesThatAreNotAFileName() {
        assertThrows(IllegalArgumentException.class, () -> Instances.defaultSocket(""));
        assertThrows(IllegalArgumentException.class, () -> Instances.defaultSocket("a/b"));
        assertThrows(IllegalArgumentException.class, () -> Instances.defaultSocket(".pid"));
    }
}
