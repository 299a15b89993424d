package org.jfenced.ctl;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jfenced.admin.api.AdminProtocol;
import org.jfenced.admin.api.AdminRequest;
import org.jfenced.admin.api.AdminResponse;
import org.jfenced.admin.api.Frames;

/** A socket that answers one request with canned responses and remembers the request. */
final class FakeDaemonSocket implements AutoCloseable {

    private final ServerSocketChannel server;
    private final CompletableFuture<AdminRequest> received = new CompletableFuture<>();

    /** @param answer written after the request arrives; raw bytes when it is a {@code byte[]} */
    FakeDaemonSocket(Path path, List<?> answer) throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Thread t = new Thread(() -> serve(answer), "fake-daemon");
        t.setDaemon(true);
        t.start();
    }

    private void serve(List<?> answer) {
        try (SocketChannel c = server.accept()) {
            byte[] frame = Frames.read(Channels.newInputStream(c), AdminProtocol.MAX_REQUEST_BYTES);
            received.complete(AdminRequest.parseFrom(frame));
            var out = Channels.newOutputStream(c);
            for (Object a : answer) {
                if (a instanceof AdminResponse r) {
                    Frames.write(out, r);
                } else if (a instanceof byte[] raw) {
                    out.write(raw);
                } else if (a instanceof Long sleepMillis) {
                    Thread.sleep(sleepMillis);
                }
            }
        } catch (IOException | InterruptedException e) {
            received.completeExceptionally(e);
        }
    }

    AdminRequest request() throws Exception {
        return received.get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
