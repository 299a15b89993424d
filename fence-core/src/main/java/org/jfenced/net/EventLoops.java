package org.jfenced.net;

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
 * A listener's netty threads: native epoll where available (it also offers the socket options the
 * multicast listener needs), NIO otherwise.
 */
public final class EventLoops implements AutoCloseable {

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final boolean epoll;

    private EventLoops(EventLoopGroup boss, EventLoopGroup workers, boolean epoll) {
        this.boss = boss;
        this.workers = workers;
        this.epoll = epoll;
    }

    public static EventLoops create(String name, int bossThreads, int workerThreads) {
        boolean epoll = Epoll.isAvailable();
        DefaultThreadFactory bossThreadsFactory = new DefaultThreadFactory(name + "-accept", true);
        DefaultThreadFactory workerThreadsFactory = new DefaultThreadFactory(name + "-io", true);
        return epoll
                ? new EventLoops(new EpollEventLoopGroup(bossThreads, bossThreadsFactory),
                        new EpollEventLoopGroup(workerThreads, workerThreadsFactory), true)
                : new EventLoops(new NioEventLoopGroup(bossThreads, bossThreadsFactory),
                        new NioEventLoopGroup(workerThreads, workerThreadsFactory), false);
    }

    public EventLoopGroup boss() {
        return boss;
    }

    public EventLoopGroup workers() {
        return workers;
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

    /** Stops the threads quickly: in-flight sessions have had their chance by the time this runs. */
    @Override
    public void close() {
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
