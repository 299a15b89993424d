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
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.RequestDispatcher;
import org.jfenced.spi.RequestDispatcher.Answer;
import org.jfenced.xvm.wire.HostListCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last step of a session: hands the authenticated {@link ReceivedRequest} to the dispatcher once,
 * writes the answer and closes. Waiting for the backend is bounded by the dispatcher; bytes the client
 * sends meanwhile are ignored.
 */
final class DispatchHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchHandler.class);

    private final RequestDispatcher dispatcher;
    private final SessionDrops drops;
    private final Duration replyWrite;
    private ReceivedRequest received;

    DispatchHandler(RequestDispatcher dispatcher, SessionDrops drops, Duration replyWrite) {
        this.dispatcher = dispatcher;
        this.drops = drops;
        this.replyWrite = replyWrite;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ReceivedRequest request && received == null) {
            received = request;
            serve(ctx);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void serve(ChannelHandlerContext ctx) {
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
            ctx.close();
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
        ScheduledFuture<?> forceClose = ctx.executor().schedule(() -> {
            LOG.warn("{}: client did not take the reply within {} s; closing", received, replyWrite.toSeconds());
            ctx.close();
        }, replyWrite.toMillis(), TimeUnit.MILLISECONDS);
        ctx.writeAndFlush(bytes).addListener((ChannelFutureListener) f -> {
            forceClose.cancel(false);
            if (!f.isSuccess()) {
                LOG.warn("{}: could not write the reply: {}", received, String.valueOf(f.cause()));
            }
            f.channel().close();
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{}: {}", drops.describe(ctx, received), cause.toString());
        ctx.close();
    }
}
