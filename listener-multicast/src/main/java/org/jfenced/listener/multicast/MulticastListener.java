package org.jfenced.listener.multicast;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
import org.jfenced.xvm.wire.RequestCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fence_xvm's transport: signed requests multicast to a group, answered over a TCP connection the
 * daemon opens back to the client. One thread receives datagrams; connect-backs and their exchanges
 * run concurrently on two more, none of them ever blocking, so a slow backend or a guest that never
 * answers only costs its own request.
 */
final class MulticastListener implements FenceListener {

    private static final Logger LOG = LoggerFactory.getLogger(MulticastListener.class);
    static final String NAME = "multicast";

    private final MulticastGroup group;
    private final ReloadableAuth settings;
    private final AuthSettings auth;
    private final int maxConnections;
    private final RequestDispatcher dispatcher;
    private ListenerLoop loop;
    private DatagramChannel channel;
    private volatile List<NetworkInterface> joined = List.of();

    MulticastListener(MulticastGroup group, ReloadableAuth settings, int maxConnections, RequestDispatcher dispatcher) {
        this.group = group;
        this.settings = settings;
        this.auth = settings.auth();
        this.maxConnections = maxConnections;
        this.dispatcher = dispatcher;
    }

    @Override
    public void start() throws Exception {
        List<NetworkInterface> interfaces = group.interfacesToJoin();
        OptionalInt soleInterface = interfaces.size() == 1 ? OptionalInt.of(interfaces.get(0).getIndex())
                : OptionalInt.empty();
        loop = ListenerLoop.create(NAME);
        try {
            CallbackConnector connector = new CallbackConnector(loop.group(), loop.socketChannelType(),
                    new FenceSession(auth, dispatcher, NAME, FenceSession.Timeouts.DEFAULT), dispatcher, maxConnections,
                    CallbackConnector.CONNECT_TIMEOUT);
            Bootstrap b = new Bootstrap()
                    .group(loop.group())
                    .channelFactory(this::newDatagramChannel)
                    // one byte more than a request, so that a longer datagram arrives visibly too long
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RequestCodec.LENGTH + 1))
                    .handler(new ChannelInitializer<DatagramChannel>() {
                        @Override
                        protected void initChannel(DatagramChannel ch) {
                            ch.pipeline().addLast(new RequestDatagramHandler(auth, dispatcher, soleInterface,
                                    connector::callBack));
                        }
                    });
            channel = (DatagramChannel) b.bind(new InetSocketAddress(wildcard(), group.port())).sync().channel();
            InetSocketAddress groupAddress = new InetSocketAddress(group.group(), group.port());
            for (NetworkInterface ni : interfaces) {
                channel.joinGroup(groupAddress, ni).sync();
            }
            joined = interfaces;
        } catch (Exception e) {
            close();
            throw e;
        }
        LOG.info("listening on {} ({})", endpoint(), auth);
    }

    /** The socket is of the group's family, so that joining never mixes IPv4 groups with IPv6 sockets. */
    private DatagramChannel newDatagramChannel() {
        return loop.isEpoll() ? new EpollDatagramChannel(group.family()) : new NioDatagramChannel(group.family());
    }

    /** Bound to every address, as fence_virtd is; joining decides which interfaces deliver the group. */
    private InetAddress wildcard() throws UnknownHostException {
        return InetAddress.getByAddress(new byte[group.family() == InternetProtocolFamily.IPv6 ? 16 : 4]);
    }

    @Override
    public String endpoint() {
        String on = joined.isEmpty() ? group.interfaceName().orElse("every interface")
                : joined.stream().map(NetworkInterface::getName).collect(Collectors.joining(", "));
        return "multicast " + group + " on " + on;
    }

    @Override
    public Runnable prepareReload(ConfigSection config) throws ConfigException {
        return settings.prepare(config, endpoint());
    }

    /** Out of the first interface the group was joined on, looped back to this host. */
    @Override
    public SelfTest selfTest(SelfTest.Probe probe) {
        List<NetworkInterface> on = joined;
        if (on.isEmpty()) {
            return new SelfTest(List.of(new SelfTest.Step("join", false, endpoint() + ": not serving")));
        }
        return SelfTestClient.overMulticast(auth, probe, new InetSocketAddress(group.group(), group.port()), on.get(0));
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            channel = null;
        }
        if (loop != null) {
            loop.close();
            loop = null;
        }
    }
}
