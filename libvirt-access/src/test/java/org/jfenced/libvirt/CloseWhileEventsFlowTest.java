package org.jfenced.libvirt;

import static org.jfenced.libvirt.TestHosts.fence;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a connection right after an action queued a lifecycle event for it must not let libvirt-java
 * run that event's callback on the closed Connect (whose native pointer close() has nulled).
 */
class CloseWhileEventsFlowTest {

    @TempDir
    Path dir;
    final List<Throwable> callbackFailures = new CopyOnWriteArrayList<>();
    Callback.UncaughtExceptionHandler previous;

    @BeforeEach
    void recordCallbackFailures() {
        previous = Native.getCallbackExceptionHandler();
        Native.setCallbackExceptionHandler((Callback c, Throwable e) -> callbackFailures.add(e));
    }

    @AfterEach
    void restoreHandler() {
        Native.setCallbackExceptionHandler(previous);
    }

    @Test
    void noCallbackRunsOnAClosedConnection() throws Exception {
        String uri = TestHosts.testUri(dir, "node-a.xml");
        for (int i = 0; i < 200; i++) {
            try (LibvirtHost backend = TestHosts.connectedBackend(uri)) {
                backend.pool().subscribe(event -> { });
                assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.OFF, "vm-run1"));
            }
        }
        assertEquals(List.of(), callbackFailures);
    }
}
