package org.jfenced.xvm.session;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.RequestDispatcher;
import org.jfenced.spi.SelfTest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One whole fence_virt exchange through a stream listener's own server code before it serves: a server
 * built like the listener's, on an ephemeral loopback port and the listener's event loop, takes a status
 * request from {@link SelfTestClient}. A JVM loads, links and interprets a path the first time it is
 * taken — accepting, the session's handlers, the codec, SHA-256, the reply — and without this the first
 * client after a start paid for all of that (some 30 ms of CPU, measured in BENCHMARKS.md), where later
 * ones take well under one.
 *
 * <p>The warm-up session has a dispatcher of its own that answers FAIL and remembers nothing, so the
 * daemon's backend, counters, request log and duplicate history never see it. A failure costs only the
 * first request its speed: the listener starts all the same.
 */
public final class SessionWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(SessionWarmUp.class);
    /** A loopback exchange takes milliseconds; this bounds a start-up whose loopback misbehaves. */
    static final Duration LIMIT = Duration.ofSeconds(2);
    static final String VM = "jfenced-warm-up";

    private SessionWarmUp() {
    }

    /**
     * Serves one request through a server made by {@code server} (given the warm-up's session) on an
     * ephemeral port of 127.0.0.1, then closes that server.
     *
     * @return whether the client got its answer
     */
    public static boolean run(AuthSettings auth, String listener, Function<FenceSession, ServerBootstrap> server) {
        FenceSession session = new FenceSession(auth, new Unremembered(), listener, FenceSession.Timeouts.DEFAULT);
        Channel channel = null;
        try {
            channel = server.apply(session).bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync()
                    .channel();
            SelfTest test = SelfTestClient.overTcp(auth, new SelfTest.Probe(VM, Optional.empty(), LIMIT),
                    (InetSocketAddress) channel.localAddress());
            if (!test.passed()) {
                LOG.debug("{}: warming up the session failed: {}", listener, test.steps());
            }
            return test.passed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            LOG.debug("{}: warming up the session failed: {}", listener, e.toString());
            return false;
        } finally {
            if (channel != null) {
                channel.close().awaitUninterruptibly(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The warm-up's request path: a FAIL for every request, nothing counted or remembered. */
    static final class Unremembered implements RequestDispatcher {
        @Override
        public boolean isDuplicate(FenceRequest request) {
            return false;
        }

        @Override
        public CompletionStage<Answer> serve(FenceRequest request) {
            return CompletableFuture.completedFuture(new Answer.Result(FenceResult.FAIL));
        }

        @Override
        public void dropped(String listener, DropReason reason) {
        }
    }
}
