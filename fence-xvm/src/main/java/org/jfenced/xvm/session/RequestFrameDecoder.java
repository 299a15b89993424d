package org.jfenced.xvm.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.jfenced.xvm.wire.RequestCodec;

/**
 * First step of a stream session: passes on the first {@value RequestCodec#LENGTH} bytes as one frame
 * and leaves the pipeline, so that what follows (the client's challenge) goes on as it came. A client
 * that has not sent them within the deadline, or closes before, is dropped: held connections must cost
 * their holder, not the daemon.
 */
final class RequestFrameDecoder extends ByteToMessageDecoder {

    private final SessionDrops drops;
    private final Duration deadline;
    private ScheduledFuture<?> timer;
    private boolean finished;

    RequestFrameDecoder(SessionDrops drops, Duration deadline) {
        this.drops = drops;
        this.deadline = deadline;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        timer = ctx.executor().schedule(() -> give(ctx, DropReason.TIMEOUT,
                "client silent for " + deadline.toMillis() + " ms before its request was complete"),
                deadline.toMillis(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!finished && in.readableBytes() >= RequestCodec.LENGTH) {
            finished = true;
            out.add(in.readRetainedSlice(RequestCodec.LENGTH));
            ctx.pipeline().remove(this);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        int partial = actualReadableBytes();
        if (partial > 0) {
            give(ctx, DropReason.BAD_SIZE, "connection closed after " + partial + " of " + RequestCodec.LENGTH
                    + " request bytes");
        } else {
            give(ctx, DropReason.DISCONNECTED, "connection closed before the request");
        }
        super.channelInactive(ctx);
    }

    private void give(ChannelHandlerContext ctx, DropReason reason, String why) {
        if (!finished) {
            finished = true;
            cancelTimer();
            drops.dropAnonymous(ctx, reason, why);
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelTimer();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
