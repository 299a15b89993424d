package org.jfenced.listener.multicast;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jfenced.xvm.wire.ChallengeResponse;
import org.jfenced.xvm.wire.HashType;

/**
 * fence_xvm's end of the callback, on loopback addresses: it listens on one port on each address,
 * takes the first connection and closes its listeners (as fence_xvm does), challenges the daemon,
 * answers the daemon's challenge and reads the reply.
 */
final class FakeXvmClient implements AutoCloseable {

    private final byte[] key;
    private final Selector selector;
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final int port;
    private Socket accepted;

    FakeXvmClient(byte[] key, InetAddress... addresses) throws IOException {
        this.key = key;
        this.selector = Selector.open();
        int p = 0;
        for (InetAddress a : addresses) {
            ServerSocketChannel s = ServerSocketChannel.open();
            s.bind(new InetSocketAddress(a, p), 10);
            p = ((InetSocketAddress) s.getLocalAddress()).getPort();
            s.configureBlocking(false);
            s.register(selector, SelectionKey.OP_ACCEPT);
            listeners.add(s);
        }
        this.port = p;
    }

    int port() {
        return port;
    }

    /** Runs the client side of the exchange and returns every byte the daemon sent after it, up to its close. */
    byte[] exchange(Duration timeout) throws IOException {
        Socket s = accept(timeout);
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        byte[] mine = ChallengeResponse.newChallenge();
        out.write(mine);
        out.flush();
        if (!ChallengeResponse.accepts(HashType.SHA256, key, mine, readExactly(in, ChallengeResponse.LENGTH))) {
            throw new AssertionError("the daemon answered the client's challenge wrongly");
        }
        out.write(ChallengeResponse.answer(HashType.SHA256, key, readExactly(in, ChallengeResponse.LENGTH)));
        out.flush();
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        in.transferTo(reply);
        return reply.toByteArray();
    }

    /** Takes the first connection and says nothing on it: a guest that hung after sending its request. */
    void acceptSilently(Duration timeout) throws IOException {
        accept(timeout);
    }

    /** Whether the daemon closed the accepted connection within {@code timeout}. */
    boolean closedByDaemonWithin(Duration timeout) throws IOException {
        accepted.setSoTimeout((int) timeout.toMillis());
        try {
            return accepted.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private Socket accept(Duration timeout) throws IOException {
        if (selector.select(timeout.toMillis()) == 0) {
            throw new AssertionError("no callback within " + timeout);
        }
        SelectionKey ready = selector.selectedKeys().iterator().next();
        SocketChannel ch = ((ServerSocketChannel) ready.channel()).accept();
        closeListeners();
        ch.configureBlocking(true);
        accepted = ch.socket();
        accepted.setSoTimeout(10_000);
        return accepted;
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new AssertionError("the daemon closed after " + b.length + " of " + n + " bytes: "
                    + Arrays.toString(b));
        }
        return b;
    }

    /** Like fence_xvm's close(): connections still queued on a listener are reset. */
    private void closeListeners() throws IOException {
        for (ServerSocketChannel s : listeners) {
            s.close();
        }
        // a channel registered with a selector keeps its socket until the selector next runs
        selector.selectNow();
    }

    @Override
    public void close() throws IOException {
        if (selector.isOpen()) {
            closeListeners();
            selector.close();
        }
        if (accepted != null) {
            accepted.close();
        }
    }
}
