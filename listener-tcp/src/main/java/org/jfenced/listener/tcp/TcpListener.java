package org.jfenced.listener.tcp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jfenced.spi.FenceListener;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.jfenced.spi.RequestDispatcher;
import org.jfenced.xvm.net.ListenerLoop;
import org.jfenced.xvm.session.AuthSettings;
import org.jfenced.xvm.session.FenceSessionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fence_virt's TCP mode ({@code fence_virt -T}): each connection carries one signed request, the
 * mutual challenge–response and the reply. Connections are served concurrently and each step has a
 * deadline, so a silent client only costs its own connection; past {@code max_connections} new
 * connections are closed at once.
 */
final class TcpListener implements FenceListener {

    private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);
    static final String NAME = "tcp";

    private final InetSocketAddress bindAddress;
    private final AuthSettings auth;
    private final int maxConnections;
    private final RequestDispatcher dispatcher;
    private final AtomicInteger open = new AtomicInteger();
    private ListenerLoop loop;
    private Channel server;

    TcpListener(InetSocketAddress bindAddress, AuthSettings auth, int maxConnections, RequestDispatcher dispatcher) {
        this.bindAddress = bindAddress;
        this.auth = auth;
        this.maxConnections = maxConnections;
        this.dispatcher = dispatcher;
    }

    @Override
    public void start() throws InterruptedException {
        loop = ListenerLoop.create("tcp");
        ServerBootstrap b = new ServerBootstrap()
                .group(loop.group(), loop.group())
                .channel(loop.serverChannelType())
                .option(ChannelOption.SO_BACKLOG, 128)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (open.incrementAndGet() > maxConnections) {
                            open.decrementAndGet();
                            dispatcher.dropped(NAME, DropReason.TOO_MANY_CONNECTIONS);
                            LOG.warn("{} connections open; refusing {}", maxConnections, ch.remoteAddress());
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                        ch.pipeline().addLast(FenceSessionHandler.readingRequest(auth, dispatcher, NAME,
                                TcpListener::peerAddress, FenceSessionHandler.Timeouts.DEFAULT));
                    }
                });
        try {
            server = b.bind(bindAddress).sync().channel();
        } catch (Exception e) {
            loop.close();
            throw e;
        }
        LOG.info("listening on {} ({})", endpoint(), auth);
    }

    /** The requester as fence_virtd's ACL sees it: the peer's numeric address. */
    private static String peerAddress(ChannelHandlerContext ctx) {
        return NetUtil.toAddressString(((InetSocketAddress) ctx.channel().remoteAddress()).getAddress());
    }

    @Override
    public String endpoint() {
        InetSocketAddress a = server != null ? (InetSocketAddress) server.localAddress() : bindAddress;
        return "tcp " + NetUtil.toSocketAddressString(a);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            server = null;
        }
        if (loop != null) {
            loop.close();
            loop = null;
        }
    }
}
