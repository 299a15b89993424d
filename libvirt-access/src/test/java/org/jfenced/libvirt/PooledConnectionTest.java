package org.jfenced.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;

/** A replaced connection stays open for the calls still using it, and closes when the last one ends. */
class PooledConnectionTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void libvirt() throws Exception {
        LibvirtRuntime.ensureStarted();
    }

    @Test
    void closesOnlyOnceTheLastCallReleasesIt() throws Exception {
        String uri = TestHosts.testUri(dir, "node-a.xml");
        Connect connect = new Connect(uri);
        PooledConnection pc = new PooledConnection(uri, connect, Runnable::run);

        assertTrue(pc.tryAcquire());
        pc.retire();
        assertFalse(pc.tryAcquire(), "a retired connection takes no new calls");
        assertEquals(10, connect.numOfDomains(), "the call in progress can still use it");

        pc.release();
        assertFalse(connect.isConnected(), "closed once the last call finished");
    }

    @Test
    void closesAtOnceWhenRetiredWhileIdle() throws Exception {
        String uri = TestHosts.testUri(dir, "node-a.xml");
        Connect connect = new Connect(uri);
        PooledConnection pc = new PooledConnection(uri, connect, Runnable::run);

        pc.retire();
        assertFalse(connect.isConnected());
        pc.retire();
    }
}
