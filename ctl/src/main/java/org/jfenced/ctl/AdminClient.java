package org.jfenced.ctl;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jfenced.admin.api.AdminProtocol;
import org.jfenced.admin.api.AdminRequest;
import org.jfenced.admin.api.AdminResponse;
import org.jfenced.admin.api.Frames;
import org.jfenced.admin.api.Result;

/**
 * One exchange with the daemon's admin socket: send the command line, pass progress lines on as they
 * come, return the result. The daemon must say something within {@code idleTimeout} — its first answer,
 * or the next progress line — or the call gives up, so jfencectl never hangs on a stuck daemon.
 */
final class AdminClient {

    private final Path socket;
    private final Duration idleTimeout;

    AdminClient(Path socket, Duration idleTimeout) {
        this.socket = socket;
        this.idleTimeout = idleTimeout;
    }

    Result call(List<String> argv, Consumer<String> progress) throws CtlException {
        AdminRequest request = AdminRequest.newBuilder().setProtocol(AdminProtocol.VERSION)
                .setClientVersion(AdminProtocol.release()).addAllArgv(argv).build();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jfencectl-timeout");
            t.setDaemon(true);
            return t;
        });
        AtomicBoolean timedOut = new AtomicBoolean();
        try (SocketChannel ch = connect()) {
            Frames.write(Channels.newOutputStream(ch), request);
            InputStream in = Channels.newInputStream(ch);
            while (true) {
                ScheduledFuture<?> deadline = timer.schedule(() -> {
                    timedOut.set(true);
                    closeQuietly(ch);
                }, idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
                byte[] frame = Frames.read(in, AdminProtocol.MAX_RESPONSE_BYTES);
                deadline.cancel(false);
                if (frame == null) {
                    throw new CtlException(ExitCodes.UNAVAILABLE, "jfenced closed the connection without answering;"
                            + " its log may say why");
                }
                AdminResponse response = AdminResponse.parseFrom(frame);
                if (response.hasResult()) {
                    return response.getResult();
                }
                progress.accept(response.getProgress().getText());
            }
        } catch (InvalidProtocolBufferException e) {
            throw new CtlException(ExitCodes.PROTOCOL, "the answer on " + socket + " is not a jfenced admin response ("
                    + e.getMessage() + "); is this the admin socket of jfenced?");
        } catch (AsynchronousCloseException e) {
            if (timedOut.get()) {
                throw new CtlException(ExitCodes.UNAVAILABLE, "jfenced did not answer within " + idleTimeout.toSeconds()
                        + " s (--timeout)");
            }
            throw new CtlException(ExitCodes.UNAVAILABLE, "the connection to jfenced was closed: " + e);
        } catch (IOException e) {
            throw new CtlException(ExitCodes.UNAVAILABLE, "lost the connection to jfenced on " + socket + ": "
                    + e.getMessage());
        } finally {
            timer.shutdownNow();
        }
    }

    /**
     * Tells "not running" from "not allowed" by what is on disk, not by the system's error text, which
     * the locale may translate.
     */
    private SocketChannel connect() throws CtlException {
        try {
            return SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (ConnectException e) {
            throw new CtlException(ExitCodes.UNAVAILABLE, "jfenced is not running: " + socket
                    + " is left over from a daemon that did not stop cleanly");
        } catch (IOException e) {
            Path dir = socket.toAbsolutePath().getParent();
            if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                throw permissionDenied(e);
            }
            if (dir != null && Files.isDirectory(dir) && !Files.isExecutable(dir)) {
                throw permissionDenied(e);
            }
            throw new CtlException(ExitCodes.UNAVAILABLE, "jfenced is not running: there is no admin socket " + socket
                    + " (a daemon started with its own -p NAME.pid needs --instance NAME, one configured with another"
                    + " fence_virtd/@admin_socket --socket PATH)");
        }
    }

    private CtlException permissionDenied(IOException e) {
        return new CtlException(ExitCodes.NO_PERMISSION, "permission denied: cannot connect to " + socket + " ("
                + e.getMessage() + "); only root and members of the daemon's fence_virtd/@admin_group may");
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // the read that waits on it fails and reports the timeout
        }
    }
}
