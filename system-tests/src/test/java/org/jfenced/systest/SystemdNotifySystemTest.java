package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jfenced.nativelib.systemd.UnixDatagramReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Under systemd (Type=notify) the daemon says when it serves and when it stops. */
class SystemdNotifySystemTest {

    @TempDir
    Path dir;

    @Test
    void readyOnlyOnceServingAndStoppingOnSigterm() {
        TestHost host = new TestHost(dir);
        Path socket = dir.resolve("notify.sock");
        try (UnixDatagramReceiver systemd = new UnixDatagramReceiver(socket.toString());
                JfencedProcess d = JfencedProcess.launch(dir, host.config("", ""),
                        Map.of("NOTIFY_SOCKET", socket.toString()))) {
            String first = systemd.receive(Duration.ofSeconds(30));
            assertTrue(first != null && first.startsWith("STATUS=serving on tcp 127.0.0.1:" + host.port), first);
            assertEquals("READY=1", systemd.receive(Duration.ofSeconds(5)));
            assertEquals(0, host.client().run("-o", "status", "-n", "vm-run1").exit(), "ready means serving");
            assertEquals(0, d.terminate());
            assertEquals("STOPPING=1", systemd.receive(Duration.ofSeconds(5)));
        }
    }
}
