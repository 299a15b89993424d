package org.jfenced.nativelib.systemd;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdNotifyTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void readyStoppingWatchdogAndStatusArriveOnAPathSocket() {
        String socket = dir.resolve("notify").toString();
        try (UnixDatagramReceiver systemd = new UnixDatagramReceiver(socket)) {
            SdNotify notify = SdNotify.forSocket(socket, null);
            assertTrue(notify.isEnabled());

            notify.ready();
            notify.status("3 nodes, quorate\nsecond line");
            notify.watchdog();
            notify.stopping();

            assertEquals("READY=1", systemd.receive(WAIT));
            assertEquals("STATUS=3 nodes, quorate second line", systemd.receive(WAIT));
            assertEquals("WATCHDOG=1", systemd.receive(WAIT));
            assertEquals("STOPPING=1", systemd.receive(WAIT));
        }
    }

    @Test
    void anAbstractSocketIsNamedWithAnAtSign() {
        String socket = "@jfenced-notify-test-" + ProcessHandle.current().pid();
        try (UnixDatagramReceiver systemd = new UnixDatagramReceiver(socket)) {
            SdNotify.forSocket(socket, null).ready();
            assertEquals("READY=1", systemd.receive(WAIT));
        }
    }

    @Test
    void aDaemonStartedWithNotifySocketInItsEnvironmentReportsReady() throws Exception {
        String socket = dir.resolve("systemd-notify").toString();
        try (UnixDatagramReceiver systemd = new UnixDatagramReceiver(socket)) {
            ProcessBuilder daemon = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), NotifyReadyMain.class.getName())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile());
            daemon.environment().put("NOTIFY_SOCKET", socket);
            daemon.environment().put("WATCHDOG_USEC", "15000000");
            daemon.environment().remove("WATCHDOG_PID");
            Process process = daemon.start();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "child JVM finished");
            assertEquals(0, process.exitValue(), Files.readString(dir.resolve("daemon.log")));

            assertEquals("STATUS=watchdog PT15S", systemd.receive(WAIT));
            assertEquals("READY=1", systemd.receive(WAIT));
        }
    }

    @Test
    void withoutNotifySocketEveryCallDoesNothing() {
        SdNotify notify = SdNotify.forSocket(null, "15000000");
        assertFalse(notify.isEnabled());
        assertEquals(Optional.empty(), notify.watchdogInterval());
        assertDoesNotThrow(() -> {
            notify.ready();
            notify.status("nobody listens");
            notify.watchdog();
            notify.stopping();
        });
    }

    @Test
    void aNotifySocketThatIsGoneIsLoggedNotThrown() {
        SdNotify notify = SdNotify.forSocket(dir.resolve("nobody-here").toString(), null);
        assertTrue(notify.isEnabled());
        assertDoesNotThrow(notify::ready);
    }

    @Test
    void anUnsupportedAddressDisablesNotification() {
        assertFalse(SdNotify.forSocket("vsock:2:1234", null).isEnabled());
    }

    @Test
    void theWatchdogIntervalComesFromWatchdogUsec() {
        assertEquals(Optional.of(Duration.ofSeconds(2)), SdNotify.forSocket("/run/systemd/notify", "2000000").watchdogInterval());
        assertEquals(Optional.empty(), SdNotify.forSocket("/run/systemd/notify", "0").watchdogInterval());
        assertEquals(Optional.empty(), SdNotify.forSocket("/run/systemd/notify", "soon").watchdogInterval());
    }
}
