package org.jfenced.admin;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.jfenced.admin.api.AdminProtocol;
import org.jfenced.admin.api.AdminRequest;
import org.jfenced.admin.api.AdminResponse;
import org.jfenced.admin.api.Frames;
import org.jfenced.admin.api.Progress;
import org.jfenced.admin.api.Result;
import org.jfenced.admin.api.Status;
import org.jfenced.spi.AdminCommand;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.AdminSession;
import org.jfenced.spi.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the admin socket: one request per connection, answered by the command its first word names.
 *
 * <p>Commands may block (they wait for the backend, or run a backup), so each connection is served on
 * one of a few admin threads, never on a network event loop; connections beyond what those threads and
 * a short queue hold are answered "busy". A client gets a few seconds to send its request; commands
 * themselves bound their own waits.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final Duration REQUEST_DEADLINE = Duration.ofSeconds(5);
    private static final int THREADS = 4;
    private static final int QUEUE = 16;

    private final AdminSocket socket;
    private final AdminAccess access;
    private final AdminCommands commands;
    private final String daemonVersion;
    private final Duration requestDeadline;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService deadlines;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private Thread acceptor;

    public AdminServer(AdminSocket socket, AdminAccess access, AdminCommands commands, String daemonVersion) {
        this(socket, access, commands, daemonVersion, REQUEST_DEADLINE);
    }

    AdminServer(AdminSocket socket, AdminAccess access, AdminCommands commands, String daemonVersion,
            Duration requestDeadline) {
        this.socket = socket;
        this.access = access;
        this.commands = commands;
        this.daemonVersion = daemonVersion;
        this.requestDeadline = requestDeadline;
        this.workers = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                daemonThreads("admin"));
        this.deadlines = Executors.newSingleThreadScheduledExecutor(daemonThreads("admin-deadline"));
    }

    public void start() {
        acceptor = daemonThreads("admin-accept").newThread(this::acceptLoop);
        acceptor.start();
        LOG.info("admin socket {}", socket.path());
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel ch;
            try {
                ch = socket.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("admin socket: accept failed: {}", e.toString());
                continue;
            }
            open.add(ch);
            try {
                workers.execute(() -> serve(ch));
            } catch (RejectedExecutionException e) {
                LOG.warn("admin socket: {} commands running or waiting; refusing a client", THREADS + QUEUE);
                refuseBusy(ch);
            }
        }
    }

    private void serve(SocketChannel ch) {
        try (ch) {
            OutputStream out = Channels.newOutputStream(ch);
            Optional<AdminRequest> request = readRequest(ch);
            if (request.isEmpty()) {
                return;
            }
            UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            Session session = new Session(peer.user().getName(), out);
            session.finish(answer(request.get(), peer, session));
        } catch (IOException e) {
            LOG.debug("admin socket: client went away: {}", e.toString());
        } finally {
            open.remove(ch);
        }
    }

    /** Empty when the client sent nothing in time or closed at once (as a daemon probing the socket does). */
    private Optional<AdminRequest> readRequest(SocketChannel ch) throws IOException {
        ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(ch), requestDeadline.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            InputStream in = Channels.newInputStream(ch);
            byte[] frame = Frames.read(in, AdminProtocol.MAX_REQUEST_BYTES);
            return frame == null ? Optional.empty() : Optional.of(AdminRequest.parseFrom(frame));
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("admin socket: a request that is not an AdminRequest: {}", e.getMessage());
            return Optional.empty();
        } catch (ClosedChannelException e) {
            LOG.debug("admin socket: no request within {} ms", requestDeadline.toMillis());
            return Optional.empty();
        } finally {
            deadline.cancel(false);
        }
    }

    private Result answer(AdminRequest request, UnixDomainPrincipal peer, Session session) {
        AdminAccess.Verdict verdict = access.judge(peer);
        if (!verdict.allowed()) {
            LOG.warn("admin socket: refused {} from user {} (group {}): {}", request.getArgvList(),
                    peer.user().getName(), peer.group().getName(), verdict.reason());
            return result(Status.PERMISSION_DENIED, "permission denied: " + verdict.reason());
        }
        if (request.getProtocol() != AdminProtocol.VERSION) {
            return result(Status.VERSION_MISMATCH, "jfencectl " + request.getClientVersion() + " speaks admin protocol "
                    + request.getProtocol() + ", this daemon (jfenced " + daemonVersion + ") speaks "
                    + AdminProtocol.VERSION + ": use the jfencectl installed with the daemon");
        }
        List<String> argv = request.getArgvList();
        if (argv.isEmpty()) {
            return result(Status.UNKNOWN_COMMAND, "no command given; \"help\" lists them");
        }
        Optional<AdminCommand> command = commands.find(argv.get(0));
        if (command.isEmpty()) {
            return result(Status.UNKNOWN_COMMAND, "no command \"" + argv.get(0) + "\"; the commands are: "
                    + commands.all().stream().map(AdminCommand::name).collect(Collectors.joining(", ")));
        }
        AdminReply reply = run(command.get(), argv, session);
        String json;
        try {
            json = Json.write(reply.data());
        } catch (IllegalArgumentException e) {
            LOG.error("admin command {} answered data that is not JSON: {}", command.get().name(), e.getMessage());
            return result(Status.ERROR, "the command \"" + command.get().name() + "\" gave a malformed answer: "
                    + e.getMessage());
        }
        return Result.newBuilder().setStatus(Status.OK).setExitCode(reply.exitCode()).setText(reply.text())
                .setJson(json).setProtocol(AdminProtocol.VERSION).setDaemonVersion(daemonVersion).build();
    }

    private static AdminReply run(AdminCommand command, List<String> argv, Session session) {
        try {
            return command.run(List.copyOf(argv.subList(1, argv.size())), session);
        } catch (Exception e) {
            LOG.error("admin command {} by {} failed", argv, session.user(), e);
            return AdminReply.failed(command.name() + " failed: " + (e.getMessage() == null ? e.toString()
                    : e.getMessage()));
        }
    }

    private Result result(Status status, String text) {
        return Result.newBuilder().setStatus(status).setExitCode(AdminReply.FAILED).setText(text + "\n")
                .setJson(Json.write(Map.of("error", text))).setProtocol(AdminProtocol.VERSION)
                .setDaemonVersion(daemonVersion).build();
    }

    private void refuseBusy(SocketChannel ch) {
        try (ch) {
            Frames.write(Channels.newOutputStream(ch), AdminResponse.newBuilder()
                    .setResult(result(Status.ERROR, "the daemon is busy with other admin commands; try again")).build());
        } catch (IOException e) {
            LOG.debug("admin socket: {}", e.toString());
        } finally {
            open.remove(ch);
        }
    }

    /** Stops accepting, ends running commands and their connections, removes the socket file. */
    @Override
    public void close() {
        socket.close();
        workers.shutdownNow();
        open.forEach(AdminServer::closeQuietly);
        deadlines.shutdownNow();
        if (acceptor != null) {
            try {
                acceptor.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.debug("admin socket: {}", e.toString());
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Progress goes out as it comes; once the client is gone, further lines are dropped. A command may
     * report from threads of its own, so writes are serialised and nothing follows the result.
     */
    private static final class Session implements AdminSession {
        private final String user;
        private final OutputStream out;
        private boolean gone;

        Session(String user, OutputStream out) {
            this.user = user;
            this.out = out;
        }

        @Override
        public String user() {
            return user;
        }

        @Override
        public synchronized void progress(String line) {
            if (gone) {
                return;
            }
            try {
                Frames.write(out, AdminResponse.newBuilder().setProgress(Progress.newBuilder().setText(line)).build());
            } catch (IOException e) {
                gone = true;
                LOG.debug("admin socket: progress for {} dropped, the client went away", user);
            }
        }

        synchronized void finish(Result result) throws IOException {
            gone = true;
            Frames.write(out, AdminResponse.newBuilder().setResult(result).build());
        }
    }
}
