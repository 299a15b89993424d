package org.jfenced.xvm.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.jfenced.xvm.wire.ChallengeResponse;
import org.jfenced.xvm.wire.HashType;
import org.junit.jupiter.api.Test;

class ChallengeResponseHandlerTest {

    private static final Duration STEP = Duration.ofSeconds(10);
    private static final int N = ChallengeResponse.LENGTH;
    private final SessionFixture f = new SessionFixture();
    private final ReceivedRequest request = SessionFixture.received(FenceAction.OFF, "vm1", 3);
    private final byte[] clientChallenge = ChallengeResponse.newChallenge();

    /** A connection whose clock moves only when told: the step deadlines are checked to the millisecond. */
    private EmbeddedChannel channel(ReceivedRequest known) throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(DefaultChannelId.newInstance(), false, false,
                new ChallengeResponseHandler(f.drops, STEP, known));
        channel.freezeTime();
        channel.register();
        return channel;
    }

    /** Sends the client's challenge and returns the daemon's challenge, checking the daemon's answer. */
    private byte[] challengeTheDaemon(EmbeddedChannel channel) throws Exception {
        channel.writeInbound(SessionFixture.bytes(clientChallenge));
        byte[] out = SessionFixture.written(channel);
        assertEquals(2 * N, out.length, "the daemon's answer, then its own challenge");
        assertArrayEquals(ChallengeResponse.answer(HashType.SHA256, SessionFixture.KEY, clientChallenge),
                Arrays.copyOf(out, N));
        return Arrays.copyOfRange(out, N, 2 * N);
    }

    @Test
    void aClientWithTheKeyPassesItsRequestOn() throws Exception {
        EmbeddedChannel channel = channel(null);
        channel.writeInbound(request);
        byte[] daemonChallenge = challengeTheDaemon(channel);
        assertNull(channel.readInbound(), "nothing goes on before the client answered");
        channel.writeInbound(SessionFixture.bytes(
                ChallengeResponse.answer(HashType.SHA256, SessionFixture.KEY, daemonChallenge)));
        assertSame(request, channel.readInbound());
        assertTrue(channel.isOpen());
        assertEquals(List.of(), f.dispatcher.drops);
    }

    @Test
    void challengeAndAnswerMayArriveInOneRead() throws Exception {
        EmbeddedChannel channel = channel(request);
        byte[] daemonChallenge = challengeTheDaemon(channel);
        byte[] answer = ChallengeResponse.answer(HashType.SHA256, SessionFixture.KEY, daemonChallenge);
        channel.writeInbound(SessionFixture.bytes(Arrays.copyOf(answer, 5)));
        channel.writeInbound(SessionFixture.bytes(Arrays.copyOfRange(answer, 5, N)));
        assertSame(request, channel.readInbound());
    }

    @Test
    void aConnectBackStartsWithTheRequestItWasMadeFor() throws Exception {
        EmbeddedChannel channel = channel(request);
        challengeTheDaemon(channel);
    }

    @Test
    void aWrongAnswerDropsTheConnection() throws Exception {
        EmbeddedChannel channel = channel(request);
        challengeTheDaemon(channel);
        channel.writeInbound(SessionFixture.bytes(new byte[N]));
        assertNull(channel.readInbound());
        assertFalse(channel.isOpen());
        assertEquals(List.of(DropReason.AUTH_FAILED), f.dispatcher.drops);
    }

    @Test
    void eachStepHasItsOwnDeadline() throws Exception {
        Duration half = STEP.dividedBy(2);
        EmbeddedChannel channel = channel(request);
        SessionFixture.elapse(channel, half.toMillis());
        challengeTheDaemon(channel);
        SessionFixture.elapse(channel, half.toMillis());
        f.assertTimedOutAt(channel, half);
    }

    @Test
    void aClientLeavingMidExchangeIsDisconnected() throws Exception {
        EmbeddedChannel channel = channel(request);
        channel.writeInbound(SessionFixture.bytes(Arrays.copyOf(clientChallenge, 4)));
        channel.close();
        assertEquals(List.of(DropReason.DISCONNECTED), f.dispatcher.drops);
    }

    @Test
    void withoutAuthTheRequestGoesOnAtOnce() throws Exception {
        ReceivedRequest unauthenticated = SessionFixture.received(
                new AuthSettings(HashType.SHA256, HashType.NONE, SessionFixture.KEY), FenceAction.OFF, "vm1", 3);
        EmbeddedChannel channel = channel(null);
        channel.writeInbound(unauthenticated);
        assertSame(unauthenticated, channel.readInbound());
        assertArrayEquals(new byte[0], SessionFixture.written(channel));
    }

    @Test
    void bytesWithoutARequestAreIgnored() throws Exception {
        EmbeddedChannel channel = channel(null);
        channel.writeInbound(SessionFixture.bytes(clientChallenge));
        assertNull(channel.readInbound());
        assertArrayEquals(new byte[0], SessionFixture.written(channel), "no request, no exchange");
        channel.close();
        assertEquals(List.of(), f.dispatcher.drops, "the step that dropped the request counted it, not this one");
    }
}
