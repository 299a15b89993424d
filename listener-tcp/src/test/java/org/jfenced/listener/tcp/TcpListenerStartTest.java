package org.jfenced.listener.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jfenced.spi.FakeConfigSection;
import org.jfenced.spi.FenceListener;
import org.jfenced.spi.PluginContext;
import org.jfenced.spi.RecordingDispatcher;
import org.jfenced.spi.RequestDispatcher;
import org.jfenced.spi.SelfTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting a TCP listener: its session is taken through once before it serves, unseen by the daemon. */
class TcpListenerStartTest {

    @TempDir
    Path dir;

    private final RecordingDispatcher daemon = new RecordingDispatcher();

    @Test
    void theSessionTakenThroughAtStartNeverReachesTheDaemonsRequestPathAndClientsDoAfterwards() throws Exception {
        try (FenceListener listener = new TcpListenerFactory().create(config(), new Context(daemon))) {
            listener.start();

            assertEquals(List.of(), daemon.dispatched, "no request from the start");
            assertEquals(List.of(), daemon.drops, "no drop counted from the start");

            SelfTest client = listener.selfTest(new SelfTest.Probe("vm-1", Optional.empty(), Duration.ofSeconds(10)));
            assertTrue(client.passed(), client.steps().toString());
            assertEquals(List.of("vm-1"), daemon.dispatched.stream().map(r -> r.target()).toList());
        }
    }

    private FakeConfigSection config() throws Exception {
        Path key = dir.resolve("fence_xvm.key");
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(key, new byte[] {1, 2, 3, 4});
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        return new FakeConfigSection("listeners/tcp", "key_file", key.toString(), "port", Integer.toString(port));
    }

    private record Context(RequestDispatcher dispatcher) implements PluginContext {
        @Override
        public Path configFile() {
            return Path.of("test.conf");
        }
    }
}
