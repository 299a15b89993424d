package org.jfenced.listener.multicast;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.jfenced.spi.RequestDispatcher;
import org.jfenced.xvm.session.FenceSession;
import org.jfenced.xvm.session.ReceivedRequest;
import org.jfenced.xvm.wire.FenceWireRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects back to fence_xvm and runs the authenticated exchange on that connection.
 *
 * <p>fence_xvm sends one copy of a request per local address and repeats them every two seconds. The
 * C daemon tries the copies one after another; here each distinct callback address is tried at once,
 * so a copy naming an address that never answers (5 s connect timeout) delays no other copy and no
 * other guest. Copies naming an address already being called back are dropped. Only after
 * authentication does the session claim the request in the history, so only one copy can act; a
 * connect-back that fails leaves no trace in the history, and the client's next copy gets its chance.
 */
final class CallbackConnector {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackConnector.class);

    /** fence_virtd's connect timeout for the callback. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final Bootstrap bootstrap;
    private final FenceSession session;
    private final RequestDispatcher dispatcher;
    private final int maxConnections;
    private final Set<Attempt> inProgress = ConcurrentHashMap.newKeySet();

    CallbackConnector(EventLoopGroup group, Class<? extends SocketChannel> channelType, FenceSession session,
            RequestDispatcher dispatcher, int maxConnections, Duration connectTimeout) {
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.TCP_NODELAY, true);
        this.session = session;
        this.dispatcher = dispatcher;
        this.maxConnections = maxConnections;
    }

    /** Connects to {@code target} and serves {@code request} there; returns at once. */
    void callBack(ReceivedRequest request, InetSocketAddress target) {
        Attempt attempt = Attempt.of(request.wire(), target);
        if (!inProgress.add(attempt)) {
            dispatcher.dropped(MulticastListener.NAME, DropReason.DUPLICATE);
            LOG.debug("{}: already calling back {}; dropped this copy", request, describe(target));
            return;
        }
        if (inProgress.size() > maxConnections) {
            inProgress.remove(attempt);
            dispatcher.dropped(MulticastListener.NAME, DropReason.TOO_MANY_CONNECTIONS);
            LOG.warn("{}: {} connect-backs in progress; dropped", request, maxConnections);
            return;
        }
        ChannelFuture connect = bootstrap.clone()
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        session.forRequest(ch.pipeline(), request);
                    }
                })
                .connect(target);
        connect.channel().closeFuture().addListener(closed -> inProgress.remove(attempt));
        connect.addListener(connected -> {
            if (connected.isSuccess()) {
                LOG.debug("{}: connected back to {}", request, describe(target));
                return;
            }
            inProgress.remove(attempt);
            dispatcher.dropped(MulticastListener.NAME, DropReason.CALLBACK_FAILED);
            // fence_xvm takes one connection and closes its listener, so the other copies' connect-backs
            // fail as a matter of course: that is only worth a warning when no other copy is under way
            boolean anotherCopy = request.request().map(dispatcher::isDuplicate).orElse(false)
                    || inProgress.stream().anyMatch(attempt::sameRequest);
            String cause = connected.cause() == null ? "cancelled" : String.valueOf(connected.cause().getMessage());
            if (anotherCopy) {
                LOG.debug("{}: could not call back {}: {}; another copy is under way", request, describe(target),
                        cause);
            } else {
                LOG.warn("{}: could not call back {}: {}; a later copy may succeed", request, describe(target), cause);
            }
        });
    }

    /** Connect-backs started and not yet finished. */
    int inProgress() {
        return inProgress.size();
    }

    private static String describe(InetSocketAddress target) {
        return NetUtil.toSocketAddressString(target)
                + (target.getAddress() instanceof Inet6Address a && a.getScopeId() != 0 ? " scope " + a.getScopeId() : "");
    }

    /**
     * One request (as the history identifies it) called back at one address. The scope id is part of
     * the key because {@link Inet6Address#equals} ignores it, and one link-local address on two links
     * is two different guests.
     */
    private record Attempt(int request, long seqno, String domain, InetSocketAddress target, int scopeId) {
        static Attempt of(FenceWireRequest wire, InetSocketAddress target) {
            int scope = target.getAddress() instanceof Inet6Address a ? a.getScopeId() : 0;
            return new Attempt(wire.request(), wire.seqno(), wire.domain().toLowerCase(Locale.ROOT), target, scope);
        }

        /** Whether {@code other} is a copy of the same request sent to another address. */
        boolean sameRequest(Attempt other) {
            return other.request == request && other.seqno == seqno && other.domain.equals(domain) && !other.equals(this);
        }
    }
}
