package org.jfenced.xvm.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.jfenced.xvm.wire.ChallengeResponse;
import org.jfenced.xvm.wire.HashType;
import org.junit.jupiter.api.Test;

/** The handlers together, as a listener installs them: the exchange fence_virt and fence_xvm expect. */
class FenceSessionTest {

    private static final int N = ChallengeResponse.LENGTH;
    private final SessionFixture f = new SessionFixture();
    private final FenceSession session = new FenceSession(f.sha256, f.dispatcher, "tcp", FenceSession.Timeouts.DEFAULT);

    private static EmbeddedChannel channel(Consumer<Channel> install) {
        return new EmbeddedChannel(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                install.accept(ch);
            }
        });
    }

    /** The client's side after its request: challenge, check the answer, answer; returns the reply. */
    private static byte[] authenticate(EmbeddedChannel channel, byte[] sentBefore) {
        byte[] clientChallenge = ChallengeResponse.newChallenge();
        byte[] first = Arrays.copyOf(sentBefore, sentBefore.length + N);
        System.arraycopy(clientChallenge, 0, first, sentBefore.length, N);
        channel.writeInbound(SessionFixture.bytes(first));
        byte[] out = SessionFixture.written(channel);
        assertArrayEquals(ChallengeResponse.answer(HashType.SHA256, SessionFixture.KEY, clientChallenge),
                Arrays.copyOf(out, N));
        channel.writeInbound(SessionFixture.bytes(ChallengeResponse.answer(HashType.SHA256, SessionFixture.KEY,
                Arrays.copyOfRange(out, N, 2 * N))));
        channel.runPendingTasks();
        return SessionFixture.written(channel);
    }

    @Test
    void aStreamSessionReadsTheRequestAuthenticatesAndAnswers() {
        EmbeddedChannel channel = channel(ch -> session.readingRequest(ch.pipeline(), ctx -> "192.0.2.9"));
        byte[] reply = authenticate(channel, SessionFixture.request(FenceAction.OFF, "vm1", 5));
        assertArrayEquals(new byte[] {0}, reply);
        assertFalse(channel.isOpen());
        assertEquals(List.of(new FenceRequest(FenceAction.OFF, "vm1", "192.0.2.9", 5, "tcp")), f.dispatcher.dispatched);
        assertEquals(List.of(), f.dispatcher.drops);
    }

    @Test
    void aConnectBackSessionStartsAtTheChallenge() {
        ReceivedRequest request = SessionFixture.received(FenceAction.REBOOT, "vm2", 6);
        EmbeddedChannel channel = channel(ch -> session.forRequest(ch.pipeline(), request));
        assertArrayEquals(new byte[] {0}, authenticate(channel, new byte[0]));
        assertEquals(List.of(request.request().orElseThrow()), f.dispatcher.dispatched);
    }
}
