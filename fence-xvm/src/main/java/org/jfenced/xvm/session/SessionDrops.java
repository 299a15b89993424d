package org.jfenced.xvm.session;

import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import org.jfenced.spi.RequestDispatcher;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.jfenced.spi.WarningThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How every handler of a session gives a connection up: counted for the listener, logged, closed. */
final class SessionDrops {

    private static final Logger LOG = LoggerFactory.getLogger(FenceSession.class);
    /** Connections dropped before sending a valid request: anyone can cause them by the thousand. */
    private static final WarningThrottle ANONYMOUS_DROPS = new WarningThrottle(Duration.ofMinutes(1));

    private final RequestDispatcher dispatcher;
    private final String listener;

    SessionDrops(RequestDispatcher dispatcher, String listener) {
        this.dispatcher = dispatcher;
        this.listener = listener;
    }

    /** Drops a connection that has not sent a valid request (yet). */
    void dropAnonymous(ChannelHandlerContext ctx, DropReason reason, String why) {
        dispatcher.dropped(listener, reason);
        ANONYMOUS_DROPS.warn(LOG, "{}: dropped ({}): {}", describe(ctx, null), reason, why);
        ctx.close();
    }

    /** Drops the connection that sent {@code request}. */
    void drop(ChannelHandlerContext ctx, ReceivedRequest request, DropReason reason, String why) {
        dispatcher.dropped(listener, reason);
        LOG.warn("{}: dropped ({}): {}", request, reason, why);
        ctx.close();
    }

    /** The request if known, else where the connection comes from. */
    String describe(ChannelHandlerContext ctx, ReceivedRequest request) {
        return request != null ? request.toString() : listener + " client " + ctx.channel().remoteAddress();
    }
}
