package org.jfenced.xvm.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.jfenced.xvm.wire.HashType;
import org.junit.jupiter.api.Test;

class RequestVerifyHandlerTest {

    private final SessionFixture f = new SessionFixture();
    private final EmbeddedChannel channel = new EmbeddedChannel(new RequestVerifyHandler(
            new RequestVerifier(f.sha256, f.dispatcher), f.drops, "tcp", ctx -> "192.0.2.7"));

    @Test
    void aSignedFrameGoesOnAsTheRequestOfItsSourceViaTheListener() {
        channel.writeInbound(SessionFixture.bytes(SessionFixture.request(FenceAction.REBOOT, "vm1", 9)));
        ReceivedRequest received = channel.readInbound();
        FenceRequest request = received.request().orElseThrow();
        assertEquals(FenceAction.REBOOT, request.action());
        assertEquals("vm1", request.target());
        assertEquals("192.0.2.7", request.source());
        assertEquals("tcp", request.origin());
        assertNull(channel.pipeline().get(RequestVerifyHandler.class), "only the first frame is a request");
        assertEquals(List.of(), f.dispatcher.drops);
    }

    @Test
    void aFrameSignedWithAnotherKeyDropsTheConnection() {
        channel.writeInbound(SessionFixture.bytes(
                SessionFixture.request(FenceAction.OFF, "vm1", 9, HashType.SHA256, "other\n".getBytes())));
        assertNull(channel.readInbound());
        assertFalse(channel.isOpen());
        assertEquals(List.of(DropReason.BAD_HASH), f.dispatcher.drops);
    }

    @Test
    void aCopyOfARequestJustServedDropsTheConnection() {
        f.dispatcher.serve(SessionFixture.received(FenceAction.OFF, "vm1", 9).request().orElseThrow());
        channel.writeInbound(SessionFixture.bytes(SessionFixture.request(FenceAction.OFF, "vm1", 9)));
        assertNull(channel.readInbound());
        assertFalse(channel.isOpen());
        assertEquals(List.of(DropReason.DUPLICATE), f.dispatcher.drops);
    }
}
