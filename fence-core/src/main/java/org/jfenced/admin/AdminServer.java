package org.jfenced.admin;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
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
import org.jfenced.spi.WarningThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the admin socket: one request per connection, answered by the command its first word names.
 *
 * <p>Any local user that can reach the socket can open connections faster than a deadline closes them,
 * so nothing a user does may keep another user out. One thread accepts every client and gathers its
 * request without blocking; the kernel names the peer's user at accept (SO_PEERCRED), and connections
 * still waiting for their request are capped per user ({@link PendingRequests}): a user over its cap
 * loses its own oldest waiting connection, and an allowed user's connection is never closed to make
 * room for somebody else. A client gets a few seconds to send its request. Commands may block (they
 * wait for the backend, or run a backup), so each runs on a thread of its own, at most a few per user
 * ({@link CommandQuota}); a user with more is answered "busy". Commands bound their own waits.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final Duration REQUEST_DEADLINE = Duration.ofSeconds(5);
    private static final int COMMANDS_PER_USER = 4;
    private static final int ACCEPTS_PER_ROUND = 32;
    /** Busy answers are tiny; beyond this many waiting to be written the client is just disconnected. */
    private static final int REFUSALS_QUEUED = 64;

    private final AdminSocket socket;
    private final AdminAccess access;
    private final AdminCommands commands;
    private final String daemonVersion;
    private final Duration requestDeadline;
    private final PendingRequests<Client> pending;
    private final CommandQuota quota = new CommandQuota(COMMANDS_PER_USER);
    private final ExecutorService workers;
    private final ExecutorService refusals;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    // owned by the reception thread
    private final Set<Client> waiting = new LinkedHashSet<>();
    private final List<Client> complete = new ArrayList<>();
    private final WarningThrottle evictions = new WarningThrottle(Duration.ofMinutes(1));
    private Selector selector;
    private Thread reception;
    private volatile boolean closed;

    public AdminServer(AdminSocket socket, AdminAccess access, AdminCommands commands, String daemonVersion) {
        this(socket, access, commands, daemonVersion, REQUEST_DEADLINE, PendingRequests.DEFAULT_LIMITS);
    }

    AdminServer(AdminSocket socket, AdminAccess access, AdminCommands commands, String daemonVersion,
            Duration requestDeadline, PendingRequests.Limits limits) {
        this.socket = socket;
        this.access = access;
        this.commands = commands;
        this.daemonVersion = daemonVersion;
        this.requestDeadline = requestDeadline;
        this.pending = new PendingRequests<>(limits);
        this.workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemonThreads("admin"));
        this.refusals = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(REFUSALS_QUEUED),
                daemonThreads("admin-refuse"));
    }

    public void start() throws IOException {
        selector = Selector.open();
        try {
            socket.register(selector);
        } catch (IOException e) {
            selector.close();
            throw e;
        }
        reception = daemonThreads("admin-accept").newThread(this::receiveLoop);
        reception.start();
        LOG.info("admin socket {}", socket.path());
    }

    /** A client from accept until its request is complete. */
    private static final class Client {
        final SocketChannel channel;
        final UnixDomainPrincipal peer;
        final AdminAccess.Verdict verdict;
        final long deadlineNanos;
        final RequestFrame frame = new RequestFrame(AdminProtocol.MAX_REQUEST_BYTES);

        Client(SocketChannel channel, UnixDomainPrincipal peer, AdminAccess.Verdict verdict, long deadlineNanos) {
            this.channel = channel;
            this.peer = peer;
            this.verdict = verdict;
            this.deadlineNanos = deadlineNanos;
        }

        String user() {
            return peer.user().getName();
        }
    }

    private void receiveLoop() {
        try (Selector owned = selector) {
            while (!closed) {
                selector.select(this::ready, selectTimeoutMillis());
                handOffComplete();
                expireOverdue(System.nanoTime());
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.error("admin socket: the accepting thread failed; jfencectl can no longer connect", e);
            }
        } finally {
            waiting.forEach(c -> closeClient(c.channel));
            waiting.clear();
        }
    }

    private long selectTimeoutMillis() {
        if (waiting.isEmpty()) {
            return 0;
        }
        long left = waiting.iterator().next().deadlineNanos - System.nanoTime();
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(left) + 1);
    }

    private void ready(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            acceptWaiting();
        } else if (key.isReadable()) {
            read(key, (Client) key.attachment());
        }
    }

    /** A bounded batch: a flood refills the queue as fast as it is emptied, and clients already in must be read. */
    private void acceptWaiting() {
        for (int i = 0; i < ACCEPTS_PER_ROUND; i++) {
            SocketChannel ch;
            try {
                ch = socket.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("admin socket: accept failed: {}", e.toString());
                return;
            }
            if (ch == null) {
                return;
            }
            admit(ch);
        }
    }

    private void admit(SocketChannel ch) {
        Client client;
        try {
            UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            client = new Client(ch, peer, access.judge(peer), System.nanoTime() + requestDeadline.toNanos());
        } catch (IOException | RuntimeException e) {
            LOG.warn("admin socket: cannot tell who connected, closing: {}", e.toString());
            closeQuietly(ch);
            return;
        }
        List<Client> evicted = pending.admit(client, client.user(), client.verdict.allowed());
        for (Client gone : evicted) {
            waiting.remove(gone);
            closeClient(gone.channel);
        }
        noteEvictions(client.user(), evicted.size());
        if (evicted.contains(client)) {
            return;
        }
        try {
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, client);
        } catch (IOException e) {
            LOG.debug("admin socket: {}", e.toString());
            forget(client);
            return;
        }
        waiting.add(client);
        open.add(ch);
    }

    private void noteEvictions(String user, int count) {
        if (count > 0) {
            evictions.warn(LOG, "admin socket: too many clients waiting to send a request; closed {} of the oldest"
                    + " for a connection of user {}", count, user);
        }
    }

    private void read(SelectionKey key, Client client) {
        RequestFrame.Progress progress;
        try {
            progress = client.frame.readFrom(client.channel);
        } catch (EOFException e) {
            LOG.debug("admin socket: client of user {} went away: {}", client.user(), e.getMessage());
            forget(client);
            return;
        } catch (IOException e) {
            LOG.warn("admin socket: a bad request from user {}: {}", client.user(), e.getMessage());
            forget(client);
            return;
        }
        switch (progress) {
            case INCOMPLETE -> {
            }
            case CLOSED -> forget(client);
            case COMPLETE -> {
                waiting.remove(client);
                pending.remove(client, client.user());
                key.cancel();
                complete.add(client);
            }
        }
    }

    /** Commands write with blocking streams, so the channels leave the selector first (cancelled keys go at the next select). */
    private void handOffComplete() throws IOException {
        if (complete.isEmpty()) {
            return;
        }
        selector.selectNow();
        complete.forEach(this::handOff);
        complete.clear();
    }

    private void handOff(Client client) {
        AdminRequest request;
        try {
            client.channel.configureBlocking(true);
            request = AdminRequest.parseFrom(client.frame.bytes());
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("admin socket: a request that is not an AdminRequest: {}", e.getMessage());
            closeClient(client.channel);
            return;
        } catch (IOException e) {
            LOG.debug("admin socket: {}", e.toString());
            closeClient(client.channel);
            return;
        }
        String user = client.user();
        if (!quota.tryEnter(user)) {
            refuseBusy(client.channel, "user " + user + " has " + quota.perUser()
                    + " admin commands running; try again when one has finished");
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    serve(client, request);
                } finally {
                    quota.exit(user);
                }
            });
        } catch (RejectedExecutionException e) {
            quota.exit(user);
            closeClient(client.channel);
        }
    }

    private void expireOverdue(long now) {
        Iterator<Client> it = waiting.iterator();
        while (it.hasNext()) {
            Client c = it.next();
            if (c.deadlineNanos - now > 0) {
                return;
            }
            it.remove();
            pending.remove(c, c.user());
            LOG.debug("admin socket: no request from user {} within {} ms", c.user(), requestDeadline.toMillis());
            closeClient(c.channel);
        }
    }

    private void forget(Client client) {
        waiting.remove(client);
        pending.remove(client, client.user());
        closeClient(client.channel);
    }

    private void serve(Client client, AdminRequest request) {
        try (SocketChannel ch = client.channel) {
            Session session = new Session(client.user(), Channels.newOutputStream(ch));
            session.finish(answer(request, client.peer, client.verdict, session));
        } catch (IOException e) {
            LOG.debug("admin socket: client went away: {}", e.toString());
        } finally {
            open.remove(client.channel);
        }
    }

    private Result answer(AdminRequest request, UnixDomainPrincipal peer, AdminAccess.Verdict verdict,
            Session session) {
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

    private void refuseBusy(SocketChannel ch, String why) {
        try {
            refusals.execute(() -> {
                try (ch) {
                    Frames.write(Channels.newOutputStream(ch), AdminResponse.newBuilder()
                            .setResult(result(Status.ERROR, "the daemon is busy: " + why)).build());
                } catch (IOException e) {
                    LOG.debug("admin socket: {}", e.toString());
                } finally {
                    open.remove(ch);
                }
            });
        } catch (RejectedExecutionException e) {
            closeClient(ch);
        }
    }

    /** Stops accepting, ends running commands and their connections, removes the socket file. */
    @Override
    public void close() {
        closed = true;
        if (selector != null) {
            selector.wakeup();
        }
        if (reception != null) {
            try {
                reception.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        socket.close();
        workers.shutdownNow();
        refusals.shutdownNow();
        open.forEach(AdminServer::closeQuietly);
    }

    private void closeClient(SocketChannel ch) {
        open.remove(ch);
        closeQuietly(ch);
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
