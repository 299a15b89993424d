package org.jfenced.listener.tcp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigSection;
import org.jfenced.spi.FenceListener;
import org.jfenced.spi.RequestDispatcher;
import org.jfenced.spi.SelfTest;
import org.jfenced.xvm.net.ListenerLoop;
import org.jfenced.xvm.session.AuthSettings;
import org.jfenced.xvm.session.FenceSession;
import org.jfenced.xvm.session.ReloadableAuth;
import org.jfenced.xvm.session.SelfTestClient;
import org.jfenced.xvm.session.SessionWarmUp;
import org.jfenced.xvm.wire.RequestCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fence_virt's TCP mode ({@code fence_virt -T}): each connection carries one signed request, the
 * mutual challenge–response and the reply. Connections are served concurrently and each step has a
 * deadline, so a silent client only costs its own connection. Connections that hold a place without
 * sending their request are displaced by newcomers ({@link ConnectionAdmission}), so nobody can keep a
 * real client out by holding connections; {@code max_connections} caps the requests served at once.
 */
final class TcpListener implements FenceListener {

    private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);
    /**
     * Connections the kernel completes while the listener is busy wait here; one that overflows it is
     * dropped unseen and its client retries only after a second. Room for the most connections anyone
     * could be holding in the listener keeps a real client's connection from being that one (the kernel
     * caps it at net.core.somaxconn, 4096 by default).
     */
    private static final int BACKLOG = 4096;

    private final InetSocketAddress bindAddress;
    private final ReloadableAuth settings;
    private final AuthSettings auth;
    private final int maxWaiting;
    private final int maxConnections;
    private final RequestDispatcher dispatcher;
    /** The block's name, {@code tcp} or the name of a second TCP listener, for its requests and logs. */
    private final String name;
    private ListenerLoop loop;
    private Channel server;

    TcpListener(String name, InetSocketAddress bindAddress, ReloadableAuth settings, int maxWaiting,
            int maxConnections, RequestDispatcher dispatcher) {
        this.name = name;
        this.bindAddress = bindAddress;
        this.settings = settings;
        this.auth = settings.auth();
        this.maxWaiting = maxWaiting;
        this.maxConnections = maxConnections;
        this.dispatcher = dispatcher;
    }

    @Override
    public void start() throws InterruptedException {
        loop = ListenerLoop.create(name);
        try {
            // a session taken through once, before the port opens, so that the first client does not pay for it
            SessionWarmUp.run(auth, name, this::server);
            FenceSession session = new FenceSession(auth, dispatcher, name, FenceSession.Timeouts.DEFAULT);
            server = server(session).bind(bindAddress).sync().channel();
        } catch (Exception e) {
            loop.close();
            throw e;
        }
        LOG.info("listening on {} ({})", endpoint(), auth);
    }

    /** A server on the listener's loop whose every connection gets {@code session}. */
    private ServerBootstrap server(FenceSession session) {
        ConnectionAdmission admission = new ConnectionAdmission(maxWaiting, maxConnections);
        ServerBootstrap b = new ServerBootstrap()
                .group(loop.group(), loop.group())
                .channel(loop.serverChannelType())
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                // no childOption TCP_NODELAY: netty turns it on for every accepted socket on Linux already,
                // and a second setsockopt per connection is what a flood of connections pays for
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new AdmissionHandler(admission, RequestCodec.LENGTH,
                                TcpListener::peerAddress));
                        session.readingRequest(ch.pipeline(), TcpListener::peerAddress);
                    }
                });
        if (loop.isEpoll()) {
            // edge-triggered, netty goes on accepting in batches until the queue is empty before it reads
            // the connections it accepted; a flood keeps the queue full, and a client's request would be
            // read only after more newcomers than its address's share of the waiting places
            b.option(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED);
        }
        return b;
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
    public Runnable prepareReload(ConfigSection config) throws ConfigException {
        return settings.prepare(config, endpoint());
    }

    /** Through loopback when the listener is bound to every address. */
    @Override
    public SelfTest selfTest(SelfTest.Probe probe) {
        InetSocketAddress a = server != null ? (InetSocketAddress) server.localAddress() : bindAddress;
        InetAddress to = a.getAddress().isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : a.getAddress();
        return SelfTestClient.overTcp(auth, probe, new InetSocketAddress(to, a.getPort()));
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
