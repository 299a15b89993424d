package org.jfenced.listener.multicast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.jfenced.dispatch.AclGroups;
import org.jfenced.dispatch.Dispatcher;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.jfenced.spi.testkit.RecordingBackend;
import org.jfenced.xvm.net.ListenerLoop;
import org.jfenced.xvm.session.AuthSettings;
import org.jfenced.xvm.session.FenceSession;
import org.jfenced.xvm.wire.HashType;
import org.jfenced.xvm.wire.HostListCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * From datagram to reply, with the connect-back going to fence_xvm stand-ins on loopback addresses
 * (127.0.0.0/8 is all loopback on Linux, so several addresses stand for one guest's several copies).
 * The datagrams are handed to the handler directly: multicast only ever runs inside namespaces.
 */
class ConnectBackTest {

    private static final InetAddress ADDRESS_1 = Packets.ip("127.0.0.1");
    private static final InetAddress ADDRESS_2 = Packets.ip("127.0.0.2");
    private static final InetSocketAddress GROUP = new InetSocketAddress(Packets.ip("225.0.0.12"), 1229);
    private static final Duration STEP = Duration.ofSeconds(1);

    private final byte[] key = Packets.randomKey(4096);
    private final AuthSettings auth = new AuthSettings(HashType.SHA256, HashType.SHA256, key);
    private final RecordingBackend backend = new RecordingBackend();
    private final Dispatcher dispatcher = new Dispatcher(backend, AclGroups.allowAll(), Duration.ofSeconds(5));
    private final ListenerLoop loop = ListenerLoop.create("test");
    private final List<AutoCloseable> open = new ArrayList<>();
    private CallbackConnector connector;
    private EmbeddedChannel datagrams;

    private void listen(int maxConnections, Duration connectTimeout) {
        connector = new CallbackConnector(loop.group(), loop.socketChannelType(),
                new FenceSession(auth, dispatcher, MulticastListener.NAME, new FenceSession.Timeouts(STEP, STEP, STEP)),
                dispatcher, maxConnections, connectTimeout);
        datagrams = new EmbeddedChannel(new RequestDatagramHandler(auth, dispatcher, OptionalInt.empty(),
                connector::callBack));
    }

    private void listen() {
        listen(16, Duration.ofSeconds(5));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        datagrams.finishAndReleaseAll();
        loop.close();
    }

    private FakeXvmClient guest(InetAddress... addresses) throws IOException {
        FakeXvmClient c = new FakeXvmClient(key, addresses);
        open.add(c);
        return c;
    }

    private void receive(int request, String vm, long seqno, InetAddress callback, int port) {
        datagrams.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(Packets.signed(request, vm, seqno, callback,
                port, key)), GROUP, new InetSocketAddress(callback, 40000)));
        datagrams.checkException();
    }

    private long dropped(DropReason reason) {
        var s = dispatcher.stats().snapshot().get(MulticastListener.NAME);
        return s == null ? 0 : s.dropped(reason);
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(10);
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void aSignedRequestIsAnsweredOverTheConnectionBackToTheAddressInThePacket() throws Exception {
        listen();
        FakeXvmClient guest = guest(ADDRESS_1);
        receive(1, "vm-a", 11, ADDRESS_1, guest.port());
        assertArrayEquals(new byte[] {0}, guest.exchange(Duration.ofSeconds(5)));
        assertEquals(1, backend.calls.size());
        assertEquals("127.0.0.1", backend.calls.get(0).source());
        assertEquals("multicast", backend.calls.get(0).origin());
    }

    @Test
    void theHostListIsSentOverTheCallbackConnection() throws Exception {
        listen();
        FakeXvmClient guest = guest(ADDRESS_1);
        receive(6, "", 12, ADDRESS_1, guest.port());
        byte[] reply = guest.exchange(Duration.ofSeconds(5));
        assertEquals(HostListCodec.RESP_HOSTLIST, reply[0] & 0xff);
        assertEquals(1 + 3 * HostListCodec.RECORD_LENGTH + 1, reply.length, "two VMs, the terminator, a last byte");
        assertEquals("vm-a", name(reply, 0));
        assertEquals("vm-b", name(reply, 1));
    }

    private static String name(byte[] hostList, int record) {
        int off = 1 + record * HostListCodec.RECORD_LENGTH;
        int end = off;
        while (hostList[end] != 0) {
            end++;
        }
        return new String(hostList, off, end - off, StandardCharsets.UTF_8);
    }

    @Test
    void copiesNamingEachOfTheGuestsAddressesActExactlyOnce() throws Exception {
        listen();
        FakeXvmClient guest = guest(ADDRESS_1, ADDRESS_2);
        receive(1, "vm-a", 13, ADDRESS_1, guest.port());
        receive(1, "vm-a", 13, ADDRESS_2, guest.port());
        assertArrayEquals(new byte[] {0}, guest.exchange(Duration.ofSeconds(5)));
        await("both connect-backs finished", Duration.ofSeconds(5), () -> connector.inProgress() == 0);
        receive(1, "vm-a", 13, ADDRESS_1, guest.port());
        receive(1, "vm-a", 13, ADDRESS_2, guest.port());
        assertEquals(1, backend.callsFor("vm-a"));
        assertEquals(2, dropped(DropReason.DUPLICATE), "the retransmissions after the answer");
    }

    @Test
    void copiesArrivingWhileTheFirstIsActingAreDropped() throws Exception {
        listen();
        backend.slow("vm-a", Duration.ofMillis(1500));
        FakeXvmClient guest = guest(ADDRESS_1, ADDRESS_2);
        receive(1, "vm-a", 14, ADDRESS_1, guest.port());
        CompletableFuture<byte[]> reply = CompletableFuture.supplyAsync(() -> exchange(guest));
        await("the backend acts", Duration.ofSeconds(5), () -> backend.callsFor("vm-a") == 1);
        receive(1, "vm-a", 14, ADDRESS_1, guest.port());
        receive(1, "vm-a", 14, ADDRESS_2, guest.port());
        assertEquals(2, dropped(DropReason.DUPLICATE));
        assertArrayEquals(new byte[] {0}, reply.join());
        assertEquals(1, backend.callsFor("vm-a"));
    }

    @Test
    void aCopyNamingAnAddressThatIsBeingCalledBackIsDropped() throws Exception {
        listen();
        FakeXvmClient guest = guest(ADDRESS_1);
        receive(1, "vm-a", 15, ADDRESS_1, guest.port());
        guest.acceptSilently(Duration.ofSeconds(5));
        receive(1, "vm-a", 15, ADDRESS_1, guest.port());
        assertEquals(1, dropped(DropReason.DUPLICATE));
        assertEquals(1, connector.inProgress());
    }

    @Test
    void aFailedConnectBackIsCountedAndForgottenSoTheNextCopyIsServed() throws Exception {
        listen();
        FakeXvmClient guest = guest(ADDRESS_1);
        receive(1, "vm-a", 16, Packets.ip("127.0.0.3"), guest.port());
        await("the refused connect-back is counted", Duration.ofSeconds(5),
                () -> dropped(DropReason.CALLBACK_FAILED) == 1);
        receive(1, "vm-a", 16, ADDRESS_1, guest.port());
        assertArrayEquals(new byte[] {0}, guest.exchange(Duration.ofSeconds(5)));
        assertEquals(1, backend.callsFor("vm-a"));
    }

    @Test
    void aConnectBackThatHangsDelaysNeitherTheOtherCopiesNorOtherGuests() throws Exception {
        listen(16, Duration.ofSeconds(2));
        InetSocketAddress blackHole = blackHole(Packets.ip("127.0.0.4"));
        FakeXvmClient guest = guest(ADDRESS_1);
        FakeXvmClient other = guest(ADDRESS_2);
        long start = System.nanoTime();
        receive(1, "vm-a", 17, blackHole.getAddress(), blackHole.getPort());
        receive(1, "vm-a", 17, ADDRESS_1, guest.port());
        receive(4, "vm-b", 99, ADDRESS_2, other.port());
        assertArrayEquals(new byte[] {0}, guest.exchange(Duration.ofSeconds(5)));
        assertArrayEquals(new byte[] {0}, other.exchange(Duration.ofSeconds(5)));
        assertTrue(millisSince(start) < 1000, "served after " + millisSince(start) + " ms");
        assertEquals(0, dropped(DropReason.CALLBACK_FAILED), "the hanging connect-back is still trying");
        await("the hanging connect-back times out", Duration.ofSeconds(5),
                () -> dropped(DropReason.CALLBACK_FAILED) == 1);
        assertEquals(1, backend.callsFor("vm-a"));
    }

    /**
     * A loopback address where connecting hangs: a listener whose accept queue is full drops new
     * connection requests without an answer, as a guest behind a firewall would.
     */
    private InetSocketAddress blackHole(InetAddress address) throws IOException {
        ServerSocket full = new ServerSocket(0, 1, address);
        open.add(full);
        InetSocketAddress at = (InetSocketAddress) full.getLocalSocketAddress();
        for (int i = 0; i < 16; i++) {
            Socket s = new Socket();
            open.add(s);
            try {
                s.connect(at, 200);
            } catch (SocketTimeoutException queueFull) {
                return at;
            }
        }
        throw new AssertionError("the accept queue of " + at + " never filled up");
    }

    @Test
    void aGuestThatNeverAnswersDelaysNoOtherGuestAndIsCutOff() throws Exception {
        listen();
        FakeXvmClient silent = guest(ADDRESS_1);
        FakeXvmClient other = guest(ADDRESS_2);
        receive(1, "vm-a", 18, ADDRESS_1, silent.port());
        silent.acceptSilently(Duration.ofSeconds(5));
        long start = System.nanoTime();
        receive(1, "vm-b", 19, ADDRESS_2, other.port());
        assertArrayEquals(new byte[] {0}, other.exchange(Duration.ofSeconds(5)));
        assertTrue(millisSince(start) < 500, "served after " + millisSince(start) + " ms");
        assertTrue(silent.closedByDaemonWithin(STEP.multipliedBy(3)), "the silent guest is cut off after a step");
        assertEquals(1, dropped(DropReason.TIMEOUT));
        assertEquals(0, backend.callsFor("vm-a"));
        await("the cut-off connect-back is finished", STEP, () -> connector.inProgress() == 0);
        receive(1, "vm-a", 18, ADDRESS_1, silent.port());
        assertEquals(0, dropped(DropReason.DUPLICATE), "a request that timed out is not remembered");
    }

    @Test
    void aSlowBackendCallDelaysNoOtherGuest() throws Exception {
        listen();
        backend.slow("vm-slow", Duration.ofSeconds(2));
        FakeXvmClient slow = guest(ADDRESS_1);
        FakeXvmClient fast = guest(ADDRESS_2);
        receive(1, "vm-slow", 20, ADDRESS_1, slow.port());
        CompletableFuture<byte[]> slowReply = CompletableFuture.supplyAsync(() -> exchange(slow));
        await("the slow call starts", Duration.ofSeconds(5), () -> backend.callsFor("vm-slow") == 1);
        long start = System.nanoTime();
        receive(1, "vm-fast", 21, ADDRESS_2, fast.port());
        assertArrayEquals(new byte[] {0}, fast.exchange(Duration.ofSeconds(5)));
        assertTrue(millisSince(start) < 500, "served after " + millisSince(start) + " ms");
        assertFalse(slowReply.isDone());
        assertArrayEquals(new byte[] {0}, slowReply.join());
    }

    @Test
    void connectBacksBeyondTheLimitAreDropped() throws Exception {
        listen(1, Duration.ofSeconds(5));
        FakeXvmClient silent = guest(ADDRESS_1);
        receive(1, "vm-a", 22, ADDRESS_1, silent.port());
        silent.acceptSilently(Duration.ofSeconds(5));
        receive(1, "vm-b", 23, ADDRESS_2, 9);
        assertEquals(1, dropped(DropReason.TOO_MANY_CONNECTIONS));
    }

    @Test
    void anUnknownCommandIsAnsweredWithFailureAfterAuthentication() throws Exception {
        listen();
        FakeXvmClient guest = guest(ADDRESS_1);
        receive(9, "vm-a", 24, ADDRESS_1, guest.port());
        assertArrayEquals(new byte[] {1}, guest.exchange(Duration.ofSeconds(5)));
        assertTrue(backend.calls.isEmpty());
    }

    private static byte[] exchange(FakeXvmClient guest) {
        try {
            return guest.exchange(Duration.ofSeconds(10));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

}
