package org.jfenced.listener.vsock;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Relays each connection to a loopback TCP port to a UNIX socket, byte for byte both ways: the real
 * {@code fence_virt -T} can then talk to a listener that accepts on the UNIX socket.
 */
final class TcpToUnixRelay implements AutoCloseable {

    private final ServerSocket server;
    private final Path target;

    private TcpToUnixRelay(ServerSocket server, Path target) {
        this.server = server;
        this.target = target;
    }

    static TcpToUnixRelay start(Path target) throws IOException {
        TcpToUnixRelay relay = new TcpToUnixRelay(new ServerSocket(0, 10, InetAddress.getLoopbackAddress()), target);
        Thread t = new Thread(relay::acceptLoop, "relay-accept");
        t.setDaemon(true);
        t.start();
        return relay;
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket tcp = server.accept();
                SocketChannel unix;
                try {
                    unix = SocketChannel.open(StandardProtocolFamily.UNIX);
                    unix.connect(UnixDomainSocketAddress.of(target));
                } catch (IOException e) {
                    tcp.close();
                    continue;
                }
                InputStream fromTcp = tcp.getInputStream();
                OutputStream toTcp = tcp.getOutputStream();
                pump(() -> copy(fromTcp, unix), tcp, unix);
                pump(() -> copy(unix, toTcp), tcp, unix);
            } catch (IOException e) {
                return;
            }
        }
    }

    private interface Copy {
        void run() throws IOException;
    }

    // the channel's own read and write, not Channels' streams: those share a lock, so a read waiting
    // for the daemon would hold up the write of the request it waits for
    private static void copy(InputStream in, SocketChannel out) throws IOException {
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
            while (b.hasRemaining()) {
                out.write(b);
            }
        }
    }

    private static void copy(SocketChannel in, OutputStream out) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8192);
        while (in.read(b) >= 0) {
            out.write(b.array(), 0, b.position());
            b.clear();
        }
    }

    private static void pump(Copy copy, AutoCloseable a, AutoCloseable b) {
        Thread t = new Thread(() -> {
            try {
                copy.run();
            } catch (IOException e) {
                // the other side went away: the connection is over
            } finally {
                closeQuietly(a);
                closeQuietly(b);
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
    }
}
