package org.jfenced.listener.vsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.RecordingDispatcher;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;
import org.jfenced.xvm.session.AuthSettings;
import org.jfenced.xvm.wire.HashType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vsock listener's code path — libc accept loop, descriptors handed to netty's epoll loop, the tcp
 * session handler — with {@code AF_UNIX} in place of {@code AF_VSOCK}, which has no transport on these
 * machines. The client is the real {@code fence_virt -T}, relayed from a loopback TCP port to the socket.
 */
@Timeout(120)
class VsockListenerTest {

    private static final String CID = "3";

    @TempDir
    Path dir;
    private final RecordingDispatcher dispatcher = new RecordingDispatcher();
    private final byte[] key = new byte[64];
    private VsockListener listener;
    private TcpToUnixRelay relay;
    private Path keyFile;

    @BeforeEach
    void start() throws Exception {
        new SecureRandom().nextBytes(key);
        keyFile = writePrivate("fence_xvm.key", key);
        Path socket = dir.resolve("vsock.sock");
        listener = new VsockListener(() -> UnixServerSocket.listen(socket, CID),
                new AuthSettings(HashType.SHA256, HashType.SHA256, key), 256, dispatcher);
        listener.start();
        relay = TcpToUnixRelay.start(socket);
    }

    @AfterEach
    void stop() {
        relay.close();
        listener.close();
    }

    @Test
    void theRealClientIsServedAndTheRequesterIsThePeersCid() throws Exception {
        Run run = fenceVirt(keyFile, "-o", "status", "-H", "vm1");

        assertEquals(0, run.exit, run.output);
        assertEquals(1, dispatcher.dispatched.size());
        FenceRequest r = dispatcher.dispatched.get(0);
        assertEquals(List.of(FenceAction.STATUS, "vm1", CID, "vsock"), List.of(r.action(), r.target(), r.source(), r.origin()));
    }

    @Test
    void theHostListComesBackAsOverTcp() throws Exception {
        dispatcher.hostList = List.of(new VmInfo("vm1", "11111111-1111-1111-1111-111111111111", VmState.RUNNING),
                new VmInfo("vm2", "22222222-2222-2222-2222-222222222222", VmState.SHUTOFF));

        Run run = fenceVirt(keyFile, "-o", "list");

        assertEquals(0, run.exit, run.output);
        assertTrue(run.output.matches("(?s).*vm1\\s+11111111-1111-1111-1111-111111111111 on.*vm2\\s+22222222-2222-2222-2222-222222222222 off.*"),
                run.output);
    }

    @Test
    void aClientWithAnotherKeyIsRefusedAndNothingIsDone() throws Exception {
        byte[] other = key.clone();
        other[0] ^= 1;

        Run run = fenceVirt(writePrivate("other.key", other), "-o", "off", "-H", "vm1");

        assertNotEquals(0, run.exit, run.output);
        assertTrue(dispatcher.dispatched.isEmpty());
    }

    @Test
    void aClosedListenerAcceptsNoMore() throws Exception {
        listener.close();

        Run run = fenceVirt(keyFile, "-o", "status", "-H", "vm1");

        assertNotEquals(0, run.exit, run.output);
        assertTrue(dispatcher.dispatched.isEmpty());
    }

    @Test
    void aVsockPortBindsOnThisKernelAndATakenOneIsNamedInTheError() throws Exception {
        int port = 20_000 + new SecureRandom().nextInt(40_000);
        try (VsockServerSocket first = VsockServerSocket.listen(port)) {
            IOException e = assertThrows(IOException.class, () -> VsockServerSocket.listen(port).close());
            assertTrue(e.getMessage().startsWith("cannot listen on vsock port " + port + ": "), e.getMessage());
            assertEquals("vsock port " + port, first.endpoint());
        }
    }

    @Test
    void aKernelWithoutAfVsockIsToldPlainly() {
        IOException e = VsockServerSocket.socketFailed(new LastErrorException(Sockets.EAFNOSUPPORT));

        assertTrue(e.getMessage().startsWith("this kernel has no AF_VSOCK sockets"), e.getMessage());
    }

    private Path writePrivate(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    private record Run(int exit, String output) {
    }

    private Run fenceVirt(Path key, String... args) throws Exception {
        Path client = Path.of("/usr/sbin/fence_virt");
        if (!Files.isExecutable(client)) {
            throw new IllegalStateException("/usr/sbin/fence_virt is missing: install the Debian package fence-virt");
        }
        List<String> cmd = new java.util.ArrayList<>(List.of(client.toString(), "-T", "127.0.0.1", "-p",
                String.valueOf(relay.port()), "-k", key.toString(), "-t", "10"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("fence_virt hung: " + out);
        }
        return new Run(p.exitValue(), out);
    }
}
