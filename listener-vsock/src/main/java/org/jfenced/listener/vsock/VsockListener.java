package org.jfenced.listener.vsock;

import io.netty.channel.epoll.EpollDomainSocketChannel;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jfenced.spi.FenceListener;
import org.jfenced.spi.RequestDispatcher;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.jfenced.xvm.net.ListenerLoop;
import org.jfenced.xvm.session.AuthSettings;
import org.jfenced.xvm.session.FenceSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fence_virt's vsock mode ({@code fence_virt -S}): the TCP listener's session — signed request,
 * mutual challenge–response, reply — over {@code AF_VSOCK}, the requester being the guest's CID. A
 * thread accepts through libc (netty cannot make vsock sockets); each connection's descriptor then
 * joins the listener's epoll loop as a plain stream and runs the very session the TCP listener runs.
 */
final class VsockListener implements FenceListener {

    private static final Logger LOG = LoggerFactory.getLogger(VsockListener.class);
    static final String NAME = "vsock";

    /** Opens the listening socket; the vsock port in production, a UNIX socket in tests. */
    interface SocketOpener {
        ListeningSocket open() throws IOException;
    }

    private final SocketOpener opener;
    private final AuthSettings auth;
    private final int maxConnections;
    private final RequestDispatcher dispatcher;
    private final AtomicInteger open = new AtomicInteger();
    private ListenerLoop loop;
    private FenceSession session;
    private ListeningSocket socket;

    VsockListener(SocketOpener opener, AuthSettings auth, int maxConnections, RequestDispatcher dispatcher) {
        this.opener = opener;
        this.auth = auth;
        this.maxConnections = maxConnections;
        this.dispatcher = dispatcher;
    }

    @Override
    public void start() throws IOException {
        loop = ListenerLoop.create(NAME);
        session = new FenceSession(auth, dispatcher, NAME, FenceSession.Timeouts.DEFAULT);
        if (!loop.isEpoll()) {
            loop.close();
            throw new IOException("listener vsock needs netty's native epoll transport, which is not available here");
        }
        try {
            socket = opener.open();
        } catch (IOException e) {
            loop.close();
            throw e;
        }
        ListeningSocket listening = socket;
        Thread acceptor = new Thread(() -> acceptLoop(listening), "vsock-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info("listening on {} ({})", endpoint(), auth);
    }

    private void acceptLoop(ListeningSocket listening) {
        while (true) {
            ListeningSocket.Accepted conn;
            try {
                conn = listening.accept();
            } catch (IOException e) {
                LOG.debug("{}: {}", listening.endpoint(), e.getMessage());
                return;
            }
            serve(conn);
        }
    }

    private void serve(ListeningSocket.Accepted conn) {
        EpollDomainSocketChannel ch = new EpollDomainSocketChannel(conn.fd());
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            dispatcher.dropped(NAME, DropReason.TOO_MANY_CONNECTIONS);
            LOG.warn("{} connections open; refusing CID {}", maxConnections, conn.peer());
            ch.unsafe().closeForcibly();
            return;
        }
        ch.closeFuture().addListener(f -> open.decrementAndGet());
        session.readingRequest(ch.pipeline(), ctx -> conn.peer());
        loop.group().register(ch).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.warn("cannot serve a connection from CID {}: {}", conn.peer(), f.cause().toString());
                ch.unsafe().closeForcibly();
            }
        });
    }

    @Override
    public String endpoint() {
        return socket != null ? socket.endpoint() : NAME;
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
        if (loop != null) {
            loop.close();
            loop = null;
        }
    }
}
