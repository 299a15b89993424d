package org.jfenced.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;
import org.jfenced.xvm.wire.HashType;
import org.junit.jupiter.api.Test;

/** The generator's client against jfenced's own session handler, which checks every byte it sends. */
class FenceTcpClientTest {

    static final byte[] KEY = "secret-key-0123456789\n".getBytes(StandardCharsets.US_ASCII);

    private static FenceTcpClient client(InetSocketAddress at, byte[] key, HashType auth) {
        return new FenceTcpClient(at, key, HashType.SHA256, auth, Duration.ofSeconds(10));
    }

    @Test
    void statusIsZeroForARunningVmAndTwoForAShutOffOne() throws Exception {
        FakeHypervisor hv = FakeHypervisor.withVms(2, 2);
        try (SessionServer daemon = new SessionServer(KEY, HashType.SHA256, hv)) {
            FenceTcpClient c = client(daemon.address(), KEY, HashType.SHA256);
            assertEquals(0, c.request(FenceAction.STATUS, "vm-0", 11).code());
            assertEquals(2, c.request(FenceAction.STATUS, "vm-1", 12).code());
        }
    }

    @Test
    void theDaemonSeesTheActionTargetAndSeqnoWeSent() throws Exception {
        FakeHypervisor hv = FakeHypervisor.withVms(1, 10);
        try (SessionServer daemon = new SessionServer(KEY, HashType.SHA256, hv)) {
            FenceTcpClient.Reply reply = client(daemon.address(), KEY, HashType.SHA256)
                    .request(FenceAction.OFF, "vm-0", 4_000_000_000L);
            assertEquals(0, reply.code());
            assertTrue(reply.latencyNanos() > 0);
            FenceRequest seen = hv.served().get(0);
            assertEquals(FenceAction.OFF, seen.action());
            assertEquals("vm-0", seen.target());
            assertEquals(4_000_000_000L, seen.seqno());
            assertEquals(VmState.SHUTOFF, hv.stateOf("vm-0"));
        }
    }

    @Test
    void hostListDecodesEveryRecordUpToTheTerminator() throws Exception {
        FakeHypervisor hv = FakeHypervisor.withVms(3, 3);
        try (SessionServer daemon = new SessionServer(KEY, HashType.SHA256, hv)) {
            List<VmInfo> vms = client(daemon.address(), KEY, HashType.SHA256).hostList(1);
            assertEquals(hv.hostList().toCompletableFuture().join(), vms);
        }
    }

    @Test
    void aWrongKeyGetsTheConnectionClosedAndNothingDone() throws Exception {
        FakeHypervisor hv = FakeHypervisor.withVms(1, 10);
        try (SessionServer daemon = new SessionServer(KEY, HashType.SHA256, hv)) {
            byte[] wrong = "another-key".getBytes(StandardCharsets.US_ASCII);
            FenceTcpClient c = client(daemon.address(), wrong, HashType.SHA256);
            assertThrows(EOFException.class, () -> c.request(FenceAction.OFF, "vm-0", 5));
            assertEquals(List.of(), hv.served());
        }
    }

    @Test
    void aDaemonOnAnotherAuthAlgorithmFailsOurChallenge() throws Exception {
        FakeHypervisor hv = FakeHypervisor.withVms(1, 10);
        try (SessionServer daemon = new SessionServer(KEY, HashType.SHA256, hv)) {
            FenceTcpClient c = client(daemon.address(), KEY, HashType.SHA512);
            FenceTcpClient.ProtocolException e = assertThrows(FenceTcpClient.ProtocolException.class,
                    () -> c.request(FenceAction.OFF, "vm-0", 6));
            assertTrue(e.getMessage().contains("failed our challenge"), e.getMessage());
            assertEquals(List.of(), hv.served());
        }
    }

    @Test
    void aDaemonThatNeverAnswersIsATimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket held = silent.accept()) {
                    held.getInputStream().readAllBytes();
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.start();
            FenceTcpClient c = new FenceTcpClient((InetSocketAddress) silent.getLocalSocketAddress(), KEY,
                    HashType.SHA256, HashType.SHA256, Duration.ofMillis(200));
            assertThrows(SocketTimeoutException.class, () -> c.request(FenceAction.STATUS, "vm-0", 7));
            acceptor.join(10_000);
        }
    }
}
