package org.jfenced.listener.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Function;

/**
 * First in a TCP connection's pipeline: reports the connection to {@link ConnectionAdmission} while it
 * is still sending its request and once the request's bytes are all there, and when it closes, for the
 * session: everything it reads is passed on unchanged.
 */
final class AdmissionHandler extends ChannelInboundHandlerAdapter {

    private final ConnectionAdmission admission;
    private final int requestLength;
    private final Function<ChannelHandlerContext, String> sourceOf;
    private int received;
    private boolean working;

    AdmissionHandler(ConnectionAdmission admission, int requestLength, Function<ChannelHandlerContext, String> sourceOf) {
        this.admission = admission;
        this.requestLength = requestLength;
        this.sourceOf = sourceOf;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        admission.accepted(ctx.channel(), sourceOf.apply(ctx));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!working) {
            received += ((ByteBuf) msg).readableBytes();
            if (received < requestLength) {
                admission.active(ctx.channel());
            } else if (admission.requestArrived(ctx.channel())) {
                working = true;
            } else {
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        admission.closed(ctx.channel(), working);
        ctx.fireChannelInactive();
    }
}
