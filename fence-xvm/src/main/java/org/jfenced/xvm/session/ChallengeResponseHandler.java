package org.jfenced.xvm.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.jfenced.xvm.wire.ChallengeResponse;
import org.jfenced.xvm.wire.HashType;

/**
 * Third step of a session: the mutual challenge–response for a {@link ReceivedRequest}, which comes
 * down the pipeline from the verifier or, for a multicast connect-back, is known when the connection
 * opens. It uses the key the request's signature proved. The client challenges first; its answer to our challenge decides. Passes the request on once
 * the client proved it has the key, at once when auth is none. Each step waits for the client at most
 * the step deadline (fence_virtd allows 10 s).
 */
final class ChallengeResponseHandler extends ChannelInboundHandlerAdapter {

    private enum State { AWAITING_REQUEST, CHALLENGE, ANSWER, DONE }

    private final SessionDrops drops;
    private final Duration step;
    private ReceivedRequest request;
    private State state = State.AWAITING_REQUEST;
    private ByteBuf buffer;
    private byte[] myChallenge;
    private ScheduledFuture<?> timer;

    /** @param known the request when the connection exists for it (connect-back), else null */
    ChallengeResponseHandler(SessionDrops drops, Duration step, ReceivedRequest known) {
        this.drops = drops;
        this.step = step;
        this.request = known;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (request != null) {
            start(ctx);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ReceivedRequest received && state == State.AWAITING_REQUEST) {
            request = received;
            start(ctx);
        } else if (msg instanceof ByteBuf bytes && (state == State.CHALLENGE || state == State.ANSWER)) {
            try {
                buffer.writeBytes(bytes);
            } finally {
                bytes.release();
            }
            advance(ctx);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void start(ChannelHandlerContext ctx) {
        if (request.key().auth() == HashType.NONE) {
            pass(ctx);
            return;
        }
        buffer = ctx.alloc().buffer(ChallengeResponse.LENGTH);
        enter(ctx, State.CHALLENGE);
    }

    private void advance(ChannelHandlerContext ctx) {
        if (state == State.CHALLENGE && buffer.readableBytes() >= ChallengeResponse.LENGTH) {
            byte[] clientChallenge = take(ChallengeResponse.LENGTH);
            myChallenge = ChallengeResponse.newChallenge();
            ByteBuf out = ctx.alloc().buffer(2 * ChallengeResponse.LENGTH);
            out.writeBytes(request.key().answer(clientChallenge)).writeBytes(myChallenge);
            ctx.writeAndFlush(out);
            enter(ctx, State.ANSWER);
        }
        if (state == State.ANSWER && buffer.readableBytes() >= ChallengeResponse.LENGTH) {
            if (request.key().accepts(myChallenge, take(ChallengeResponse.LENGTH))) {
                pass(ctx);
            } else {
                give(ctx, DropReason.AUTH_FAILED, "client failed the challenge");
            }
        }
    }

    private void pass(ChannelHandlerContext ctx) {
        enter(ctx, State.DONE);
        ctx.fireChannelRead(request);
    }

    private byte[] take(int n) {
        byte[] b = new byte[n];
        buffer.readBytes(b);
        return b;
    }

    private void enter(ChannelHandlerContext ctx, State next) {
        state = next;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (next == State.CHALLENGE || next == State.ANSWER) {
            timer = ctx.executor().schedule(
                    () -> give(ctx, DropReason.TIMEOUT, "client silent for " + step.toMillis() + " ms in state " + next),
                    step.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void give(ChannelHandlerContext ctx, DropReason reason, String why) {
        if (state == State.CHALLENGE || state == State.ANSWER) {
            enter(ctx, State.DONE);
            drops.drop(ctx, request, reason, why);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        give(ctx, DropReason.DISCONNECTED, "connection closed in state " + state);
        enter(ctx, State.DONE);
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        enter(ctx, State.DONE);
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
    }
}
