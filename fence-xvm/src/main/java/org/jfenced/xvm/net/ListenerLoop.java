package org.jfenced.xvm.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A listener's netty thread: native epoll where available (it also offers the socket options the
 * multicast listener needs), NIO otherwise.
 *
 * <p>One thread accepts (or receives the datagram), authenticates, and writes the reply of every
 * connection of a listener. A request costs that thread microseconds; what costs is waking threads up,
 * and an accepting thread that hands each new connection to another one does that once per request. On
 * the request-path benchmark one thread served 35 % more requests per second than an accepting thread
 * with two I/O threads at one client, and 29 % more at sixteen (BENCHMARKS.md).
 */
public final class ListenerLoop implements AutoCloseable {

    private final EventLoopGroup group;
    private final boolean epoll;

    private ListenerLoop(EventLoopGroup group, boolean epoll) {
        this.group = group;
        this.epoll = epoll;
    }

    public static ListenerLoop create(String name) {
        DefaultThreadFactory threads = new DefaultThreadFactory(name + "-io", true);
        return Epoll.isAvailable()
                ? new ListenerLoop(new EpollEventLoopGroup(1, threads), true)
                : new ListenerLoop(new NioEventLoopGroup(1, threads), false);
    }

    /** The single-thread group: the parent and the child group of a server, and a client's group. */
    public EventLoopGroup group() {
        return group;
    }

    public Class<? extends ServerSocketChannel> serverChannelType() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends SocketChannel> socketChannelType() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends DatagramChannel> datagramChannelType() {
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    public boolean isEpoll() {
        return epoll;
    }

    /** Stops the thread quickly: in-flight sessions have had their chance by the time this runs. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
