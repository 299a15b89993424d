package org.jfenced.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jfenced.dispatch.AclGroups;
import org.jfenced.dispatch.Dispatcher;
import org.jfenced.spi.FenceBackend;
import org.jfenced.xvm.session.AuthSettings;
import org.jfenced.xvm.session.FenceSession;
import org.jfenced.xvm.wire.HashType;

/**
 * jfenced's own request path on a loopback port: netty, {@link FenceSession}'s pipeline (signature check,
 * both challenge–response legs, duplicate history) and the real {@link Dispatcher} over a test backend.
 */
final class SessionServer implements AutoCloseable {

    private final EventLoopGroup group = new NioEventLoopGroup(2);
    private final Channel server;

    SessionServer(byte[] key, HashType auth, FenceBackend backend) throws InterruptedException {
        AuthSettings settings = new AuthSettings(HashType.SHA256, auth, key);
        Dispatcher dispatcher = new Dispatcher(backend, AclGroups.allowAll(), Duration.ofSeconds(5));
        FenceSession session = new FenceSession(settings, dispatcher, "tcp", FenceSession.Timeouts.DEFAULT);
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        session.readingRequest(ch.pipeline(), ctx -> "127.0.0.1");
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
