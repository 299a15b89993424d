package org.jfenced.listener.multicast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalInt;
import org.jfenced.dispatch.AclGroups;
import org.jfenced.dispatch.Dispatcher;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.jfenced.spi.testkit.RecordingBackend;
import org.jfenced.xvm.session.AuthSettings;
import org.jfenced.xvm.wire.FenceWireRequest;
import org.jfenced.xvm.wire.HashType;
import org.jfenced.xvm.wire.RequestCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What earns a connect-back and what is dropped before any connection is made. */
class RequestDatagramHandlerTest {

    private static final InetSocketAddress GROUP = new InetSocketAddress(Packets.ip("225.0.0.12"), 1229);
    private static final InetSocketAddress GUEST = new InetSocketAddress(Packets.ip("192.0.2.7"), 40000);

    private final byte[] key = Packets.randomKey(4096);
    private final RecordingBackend backend = new RecordingBackend();
    private final Dispatcher dispatcher = new Dispatcher(backend, AclGroups.allowAll(), Duration.ofSeconds(5));
    private final RecordedCallBacks callBacks = new RecordedCallBacks();
    private EmbeddedChannel channel;

    private void listen(HashType minimum, byte[] listenerKey) {
        channel = new EmbeddedChannel(new RequestDatagramHandler(new AuthSettings(minimum, HashType.SHA256, listenerKey),
                dispatcher, OptionalInt.empty(), callBacks));
    }

    private void listen() {
        listen(HashType.SHA256, key);
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private void receive(byte[] datagram, InetSocketAddress from) {
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(datagram), GROUP, from));
        channel.checkException();
    }

    private void receive(byte[] datagram) {
        receive(datagram, GUEST);
    }

    private long dropped(DropReason reason) {
        var stats = dispatcher.stats().snapshot().get(MulticastListener.NAME);
        return stats == null ? 0 : stats.dropped(reason);
    }

    private byte[] offVmA(long seqno, String callbackAddress) {
        return Packets.signed(1, "vm-a", seqno, Packets.ip(callbackAddress), 1229, key);
    }

    @Test
    void debianFenceXvmsStatusRequestIsCalledBackAtTheAddressInsideThePacket() {
        listen(HashType.SHA256, Packets.KEY16);
        receive(Packets.STATUS_VM1);
        assertEquals(1, callBacks.calls.size());
        RecordedCallBacks.CallBack cb = callBacks.calls.get(0);
        assertEquals(new InetSocketAddress(Packets.ip("127.0.0.1"), 1229), cb.target(),
                "the callback goes to the packet's address, not to the datagram's source " + GUEST);
        assertEquals(new FenceRequest(FenceAction.STATUS, "vm1", "127.0.0.1", 414695, "multicast"),
                cb.request().request().orElseThrow());
    }

    @Test
    void datagramsThatAreNotExactly176BytesAreDroppedAsBadSize() {
        listen();
        byte[] valid = offVmA(1, "192.0.2.7");
        receive(new byte[0]);
        receive(Arrays.copyOf(valid, 175));
        receive(Arrays.copyOf(valid, 177));
        assertEquals(3, dropped(DropReason.BAD_SIZE));
        assertTrue(callBacks.calls.isEmpty());
    }

    @Test
    void aRequestSignedWithAnotherKeyIsDroppedAsBadHash() {
        listen();
        receive(Packets.signed(1, "vm-a", 1, Packets.ip("192.0.2.7"), 1229, Packets.randomKey(4096)));
        assertEquals(1, dropped(DropReason.BAD_HASH));
        assertTrue(callBacks.calls.isEmpty());
    }

    @Test
    void theHashSettingIsAMinimum() {
        listen(HashType.SHA256, key);
        receive(Packets.signed(1, "vm-a", 1, Packets.ip("192.0.2.7"), 1229, HashType.SHA1, key));
        receive(Packets.signed(1, "vm-a", 2, Packets.ip("192.0.2.7"), 1229, HashType.NONE, key));
        assertEquals(2, dropped(DropReason.BAD_HASH));
        receive(Packets.signed(1, "vm-a", 3, Packets.ip("192.0.2.7"), 1229, HashType.SHA256, key));
        receive(Packets.signed(1, "vm-a", 4, Packets.ip("192.0.2.7"), 1229, HashType.SHA512, key));
        assertEquals(2, callBacks.calls.size());
    }

    @Test
    void unsignedRequestsPassWhenTheMinimumIsNone() {
        listen(HashType.NONE, key);
        receive(Packets.signed(4, "vm-a", 1, Packets.ip("192.0.2.7"), 1229, HashType.NONE, key));
        assertEquals(1, callBacks.calls.size());
    }

    @Test
    void aCopyOfARequestAnsweredRecentlyIsDroppedBeforeAnyConnectBack() {
        listen();
        dispatcher.serve(new FenceRequest(FenceAction.OFF, "VM-A", "192.0.2.7", 77, "multicast")).toCompletableFuture()
                .join();
        receive(offVmA(77, "192.0.2.8"));
        assertEquals(1, dropped(DropReason.DUPLICATE));
        assertTrue(callBacks.calls.isEmpty());
        receive(offVmA(78, "192.0.2.8"));
        assertEquals(1, callBacks.calls.size(), "another seqno is another request");
    }

    @Test
    void aCopyOfARequestBeingServedIsDroppedBeforeAnyConnectBack() {
        listen();
        backend.slow("vm-a", Duration.ofSeconds(30));
        var serving = dispatcher.serve(new FenceRequest(FenceAction.OFF, "vm-a", "192.0.2.7", 77, "multicast"));
        receive(offVmA(77, "192.0.2.7"));
        assertFalse(serving.toCompletableFuture().isDone(), "the first is still being served");
        assertEquals(1, dropped(DropReason.DUPLICATE));
        assertTrue(callBacks.calls.isEmpty());
    }

    @Test
    void aSignedRequestWithoutAUsableCallbackAddressIsDroppedAsCallbackFailed() {
        listen();
        byte[] random = new byte[6];
        receive(RequestCodec.encode(1, HashType.SHA256, "vm-a", new byte[4], 1229, 5, 0, random, key));
        receive(RequestCodec.encode(1, HashType.SHA256, "vm-a", new byte[] {10, 0, 0, 1}, 0, 6,
                FenceWireRequest.FAMILY_INET, random, key));
        receive(offVmA(7, "0.0.0.0"));
        assertEquals(3, dropped(DropReason.CALLBACK_FAILED));
        assertTrue(callBacks.calls.isEmpty());
    }

    @Test
    void theRequesterOfAnIpv6RequestIsTheAddressInThePacketInItsShortForm() {
        listen();
        receive(Packets.signed(4, "vm-a", 1, Packets.ip("fd00:231:1:0:0:0:0:2"), 1229, key),
                new InetSocketAddress(Packets.ip("fd00:231:1::99"), 40000));
        assertEquals("fd00:231:1::2", callBacks.calls.get(0).request().source(),
                "groups list addresses as fence_virtd prints them (inet_ntop)");
    }
}
