package org.jfenced.xvm.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.RequestDispatcher.Answer;
import org.jfenced.xvm.net.ListenerLoop;
import org.jfenced.xvm.wire.HashType;
import org.junit.jupiter.api.Test;

/** A listener's session, taken through once over loopback before the listener serves. */
class SessionWarmUpTest {

    private final AuthSettings auth = new AuthSettings(HashType.SHA256, HashType.SHA256, SessionFixture.KEY);
    private final List<SocketChannel> accepted = new CopyOnWriteArrayList<>();

    @Test
    void aClientExchangesOneWholeRequestOverLoopbackAndTheServerIsClosedAfterwards() {
        try (ListenerLoop loop = ListenerLoop.create("warm-up-test")) {
            boolean answered = SessionWarmUp.run(auth, "tcp", session -> server(loop,
                    ch -> session.readingRequest(ch.pipeline(), ctx -> "127.0.0.1")));

            assertTrue(answered, "the client got the session's answer");
            assertEquals(1, accepted.size());
            InetSocketAddress server = accepted.get(0).localAddress();
            assertTrue(server.getAddress().isLoopbackAddress(), "on loopback: " + server);
            assertThrows(IOException.class, () -> new Socket(server.getAddress(), server.getPort()).close(),
                    "the warm-up's server is closed");
        }
    }

    @Test
    void aSessionThatGetsNoAnswerThroughCostsOnlyTheWarmUp() {
        try (ListenerLoop loop = ListenerLoop.create("warm-up-test")) {
            boolean answered = SessionWarmUp.run(auth, "tcp", session -> server(loop, SocketChannel::close));

            assertFalse(answered);
            assertEquals(1, accepted.size(), "the client did connect");
        }
    }

    @Test
    void theWarmUpsRequestPathAnswersFailAndRemembersNothing() {
        SessionWarmUp.Unremembered path = new SessionWarmUp.Unremembered();
        FenceRequest off = new FenceRequest(FenceAction.OFF, "vm-1", "127.0.0.1", 7, "tcp");

        assertEquals(new Answer.Result(FenceResult.FAIL), path.serve(off).toCompletableFuture().join());
        assertFalse(path.isDuplicate(off), "served, and still no copy of anything");
    }

    private ServerBootstrap server(ListenerLoop loop, Consumer<SocketChannel> connection) {
        return new ServerBootstrap()
                .group(loop.group(), loop.group())
                .channel(loop.serverChannelType())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted.add(ch);
                        connection.accept(ch);
                    }
                });
    }
}
