package org.jfenced.xvm.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.RequestDispatcher.Answer;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.jfenced.spi.RequestDispatcher;
import org.jfenced.spi.WarningThrottle;
import org.jfenced.xvm.wire.ChallengeResponse;
import org.jfenced.xvm.wire.HashType;
import org.jfenced.xvm.wire.HostListCodec;
import org.jfenced.xvm.wire.RequestCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's side of one fence_virt stream connection (TCP, vsock, or a multicast connect-back):
 * optionally read the 176-byte request, answer the client's challenge, challenge the client, serve the
 * request, write the reply, close. Every step that waits for the client has a deadline; waiting for
 * the backend is bounded by the dispatcher.
 */
public final class FenceSessionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(FenceSessionHandler.class);
    /** Connections dropped before sending a valid request: anyone can cause them by the thousand. */
    private static final WarningThrottle ANONYMOUS_DROPS = new WarningThrottle(Duration.ofMinutes(1));

    private enum State { REQUEST, CHALLENGE, ANSWER, SERVING, DONE }

    /** Time limits of the exchange: fence_virtd allows 10 s per authentication step. */
    public record Timeouts(Duration request, Duration step, Duration replyWrite) {
        public static final Timeouts DEFAULT =
                new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    /** What verifies a request read from the stream; null for a request verified already. */
    private final AuthSettings auth;
    private final RequestDispatcher dispatcher;
    private final String listener;
    private final Function<ChannelHandlerContext, String> sourceOf;
    private final Timeouts timeouts;

    private State state;
    private ReceivedRequest received;
    private ByteBuf buffer;
    private byte[] myChallenge;
    private ScheduledFuture<?> deadline;

    /** A session that first reads the request from the stream (TCP, vsock). */
    public static FenceSessionHandler readingRequest(AuthSettings auth, RequestDispatcher dispatcher, String listener,
            Function<ChannelHandlerContext, String> sourceOf, Timeouts timeouts) {
        return new FenceSessionHandler(auth, dispatcher, listener, sourceOf, timeouts, null);
    }

    /**
     * A session for a request that arrived and was verified already (multicast connect-back); it goes on
     * with the key the request proved.
     */
    public static FenceSessionHandler forRequest(RequestDispatcher dispatcher, ReceivedRequest request,
            Timeouts timeouts) {
        return new FenceSessionHandler(null, dispatcher, request.origin(), ctx -> request.source(), timeouts, request);
    }

    private FenceSessionHandler(AuthSettings auth, RequestDispatcher dispatcher, String listener,
            Function<ChannelHandlerContext, String> sourceOf, Timeouts timeouts, ReceivedRequest known) {
        this.auth = auth;
        this.dispatcher = dispatcher;
        this.listener = listener;
        this.sourceOf = sourceOf;
        this.timeouts = timeouts;
        this.received = known;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        buffer = ctx.alloc().buffer(RequestCodec.LENGTH + ChallengeResponse.LENGTH);
        if (received == null) {
            enter(ctx, State.REQUEST, timeouts.request());
        } else {
            startAuthentication(ctx);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (state != State.DONE && state != State.SERVING) {
                buffer.writeBytes((ByteBuf) msg);
                advance(ctx);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void advance(ChannelHandlerContext ctx) {
        if (state == State.REQUEST && buffer.readableBytes() >= RequestCodec.LENGTH) {
            byte[] raw = take(RequestCodec.LENGTH);
            Optional<SessionKey> key = auth.verify(raw);
            if (key.isEmpty()) {
                drop(ctx, DropReason.BAD_HASH, "signature invalid or weaker than " + auth.minimumHash().configName());
                return;
            }
            received = new ReceivedRequest(RequestCodec.decode(raw), sourceOf.apply(ctx), listener, key.get());
            Optional<FenceRequest> request = received.request();
            if (request.isPresent() && dispatcher.isDuplicate(request.get())) {
                drop(ctx, DropReason.DUPLICATE, "we just did this request");
                return;
            }
            startAuthentication(ctx);
        }
        if (state == State.CHALLENGE && buffer.readableBytes() >= ChallengeResponse.LENGTH) {
            byte[] clientChallenge = take(ChallengeResponse.LENGTH);
            myChallenge = ChallengeResponse.newChallenge();
            ByteBuf out = ctx.alloc().buffer(2 * ChallengeResponse.LENGTH);
            out.writeBytes(received.key().answer(clientChallenge)).writeBytes(myChallenge);
            ctx.writeAndFlush(out);
            enter(ctx, State.ANSWER, timeouts.step());
        }
        if (state == State.ANSWER && buffer.readableBytes() >= ChallengeResponse.LENGTH) {
            if (!received.key().accepts(myChallenge, take(ChallengeResponse.LENGTH))) {
                drop(ctx, DropReason.AUTH_FAILED, "client failed the challenge");
                return;
            }
            serve(ctx);
        }
    }

    private void startAuthentication(ChannelHandlerContext ctx) {
        if (received.key().auth() == HashType.NONE) {
            serve(ctx);
        } else {
            enter(ctx, State.CHALLENGE, timeouts.step());
            advance(ctx);
        }
    }

    private void serve(ChannelHandlerContext ctx) {
        enter(ctx, State.SERVING, null);
        Optional<FenceRequest> maybe = received.request();
        if (maybe.isEmpty()) {
            LOG.warn("{}: not a command the daemon serves; answering failure", received);
            reply(ctx, Unpooled.wrappedBuffer(new byte[] {(byte) FenceResult.FAIL.code()}));
            return;
        }
        dispatcher.serve(maybe.get()).whenComplete((answer, e) -> ctx.executor().execute(() -> answer(ctx, answer)));
    }

    private void answer(ChannelHandlerContext ctx, Answer answer) {
        if (answer instanceof Answer.Duplicate) {
            LOG.debug("{}: a copy of this request is being served or was just answered; closing", received);
            finish(ctx);
        } else if (answer instanceof Answer.HostList list) {
            reply(ctx, Unpooled.wrappedBuffer(HostListCodec.encode(list.vms())));
        } else {
            FenceResult result = answer instanceof Answer.Result r ? r.result() : FenceResult.FAIL;
            reply(ctx, Unpooled.wrappedBuffer(new byte[] {(byte) result.code()}));
        }
    }

    /**
     * Writes the reply with a deadline (the C daemon can block forever here). The dispatcher has
     * remembered the request already: the action has happened whether or not the write succeeds.
     */
    private void reply(ChannelHandlerContext ctx, ByteBuf bytes) {
        state = State.DONE;
        ScheduledFuture<?> forceClose = ctx.executor().schedule(() -> {
            LOG.warn("{}: client did not take the reply within {} s; closing", received,
                    timeouts.replyWrite().toSeconds());
            ctx.close();
        }, timeouts.replyWrite().toMillis(), TimeUnit.MILLISECONDS);
        ctx.writeAndFlush(bytes).addListener((ChannelFutureListener) f -> {
            forceClose.cancel(false);
            if (!f.isSuccess()) {
                LOG.warn("{}: could not write the reply: {}", received, String.valueOf(f.cause()));
            }
            f.channel().close();
        });
    }

    private byte[] take(int n) {
        byte[] b = new byte[n];
        buffer.readBytes(b);
        return b;
    }

    private void enter(ChannelHandlerContext ctx, State next, Duration timeout) {
        state = next;
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        if (timeout != null) {
            deadline = ctx.executor().schedule(
                    () -> drop(ctx, DropReason.TIMEOUT, "client silent for " + timeout.toMillis() + " ms in state " + next),
                    timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void drop(ChannelHandlerContext ctx, DropReason reason, String why) {
        if (state == State.DONE) {
            return;
        }
        dispatcher.dropped(listener, reason);
        if (received == null) {
            ANONYMOUS_DROPS.warn(LOG, "{}: dropped ({}): {}", describe(ctx), reason, why);
        } else {
            LOG.warn("{}: dropped ({}): {}", describe(ctx), reason, why);
        }
        finish(ctx);
    }

    private void finish(ChannelHandlerContext ctx) {
        enter(ctx, State.DONE, null);
        ctx.close();
    }

    private String describe(ChannelHandlerContext ctx) {
        return received != null ? received.toString() : listener + " client " + ctx.channel().remoteAddress();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state == State.REQUEST && buffer.readableBytes() > 0) {
            drop(ctx, DropReason.BAD_SIZE, "connection closed after " + buffer.readableBytes() + " of "
                    + RequestCodec.LENGTH + " request bytes");
        } else if (state == State.REQUEST || state == State.CHALLENGE || state == State.ANSWER) {
            drop(ctx, DropReason.DISCONNECTED, "connection closed in state " + state);
        }
        enter(ctx, State.DONE, null);
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{}: {}", describe(ctx), cause.toString());
        ctx.close();
    }
}
