package org.jfenced.xvm.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestFrameDecoderTest {

    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private final SessionFixture f = new SessionFixture();
    private final EmbeddedChannel channel = new EmbeddedChannel(DefaultChannelId.newInstance(), false, false,
                new RequestFrameDecoder(f.drops, DEADLINE));
    private final byte[] request = SessionFixture.request(FenceAction.STATUS, "vm1", 1);

    /** The deadline starts when the connection does, on a clock that moves only when told. */
    @BeforeEach
    void connect() throws Exception {
        channel.freezeTime();
        channel.register();
    }

    @Test
    void theRequestInPiecesIsOneFrameAndWhatFollowsPassesAsItCame() {
        byte[] challenge = new byte[] {1, 2, 3};
        channel.writeInbound(SessionFixture.bytes(Arrays.copyOf(request, 100)));
        assertNull(channel.readInbound(), "no frame before all 176 bytes");
        channel.writeInbound(SessionFixture.bytes(Arrays.copyOfRange(request, 100, 176), challenge));

        ByteBuf frame = channel.readInbound();
        assertArrayEquals(request, ByteBufUtil.getBytes(frame));
        frame.release();
        ByteBuf rest = channel.readInbound();
        assertArrayEquals(challenge, ByteBufUtil.getBytes(rest));
        rest.release();
        assertNull(channel.pipeline().get(RequestFrameDecoder.class), "the decoder leaves after the request");
        assertTrue(channel.isOpen());
        assertEquals(List.of(), f.dispatcher.drops);
    }

    @Test
    void aClientSilentUntilTheDeadlineIsDroppedOnce() {
        channel.writeInbound(SessionFixture.bytes(Arrays.copyOf(request, 10)));
        f.assertTimedOutAt(channel, DEADLINE);
    }

    @Test
    void aRequestCutShortIsABadSize() {
        channel.writeInbound(SessionFixture.bytes(Arrays.copyOf(request, 175)));
        channel.close();
        assertEquals(List.of(DropReason.BAD_SIZE), f.dispatcher.drops);
        assertNull(channel.readInbound());
    }

    @Test
    void aConnectionClosedBeforeAnyByteIsDisconnected() {
        channel.close();
        assertEquals(List.of(DropReason.DISCONNECTED), f.dispatcher.drops);
    }

    @Test
    void theDeadlineEndsWithTheRequest() {
        channel.writeInbound(SessionFixture.bytes(request));
        ((ByteBuf) channel.readInbound()).release();
        SessionFixture.elapse(channel, DEADLINE.toMillis() * 2);
        assertTrue(channel.isOpen());
        assertEquals(List.of(), f.dispatcher.drops);
    }
}
