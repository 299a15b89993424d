package org.jfenced.xvm.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.function.Function;
import org.jfenced.xvm.session.RequestVerifier.Verdict;

/**
 * Second step of a stream session: the request frame's signature and the duplicate history
 * ({@link RequestVerifier}, as for a datagram). Passes on the {@link ReceivedRequest} or drops the
 * connection, and leaves the pipeline either way: only the first frame is a request.
 */
final class RequestVerifyHandler extends SimpleChannelInboundHandler<ByteBuf> {

    private final RequestVerifier verifier;
    private final SessionDrops drops;
    private final String listener;
    private final Function<ChannelHandlerContext, String> sourceOf;

    /** @param sourceOf the requester as the ACL sees it */
    RequestVerifyHandler(RequestVerifier verifier, SessionDrops drops, String listener,
            Function<ChannelHandlerContext, String> sourceOf) {
        this.verifier = verifier;
        this.drops = drops;
        this.listener = listener;
        this.sourceOf = sourceOf;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        ctx.pipeline().remove(this);
        Verdict<RequestVerifier.Signed> decoded = verifier.decode(ByteBufUtil.getBytes(frame));
        if (decoded instanceof Verdict.Rejected<RequestVerifier.Signed> r) {
            drops.dropAnonymous(ctx, r.reason(), r.why());
            return;
        }
        RequestVerifier.Signed signed = ((Verdict.Passed<RequestVerifier.Signed>) decoded).value();
        ReceivedRequest received = new ReceivedRequest(signed.wire(), sourceOf.apply(ctx), listener, signed.key());
        if (verifier.admit(received) instanceof Verdict.Rejected<ReceivedRequest> r) {
            drops.drop(ctx, received, r.reason(), r.why());
            return;
        }
        ctx.fireChannelRead(received);
    }
}
