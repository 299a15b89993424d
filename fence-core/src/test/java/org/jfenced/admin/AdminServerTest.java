package org.jfenced.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jfenced.admin.api.AdminProtocol;
import org.jfenced.admin.api.AdminRequest;
import org.jfenced.admin.api.AdminResponse;
import org.jfenced.admin.api.Frames;
import org.jfenced.admin.api.Result;
import org.jfenced.admin.api.Status;
import org.jfenced.spi.AdminCommand;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.AdminSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The socket protocol with a raw client: framing, routing, progress, refusals. */
class AdminServerTest {

    @TempDir
    Path dir;

    private AdminServer server;
    private Path path;
    private Duration requestDeadline = Duration.ofSeconds(1);

    private void start(AdminCommands commands, String rootUser) throws Exception {
        var users = FileSystems.getDefault().getUserPrincipalLookupService();
        path = dir.resolve("admin.sock");
        AdminSocket socket = AdminSocket.claim(path, Optional.empty(), "k");
        AdminAccess access = new AdminAccess(users.lookupPrincipalByName(rootUser),
                users.lookupPrincipalByName(rootUser), Optional.empty(), Optional.empty(), dir.resolve("group"));
        server = new AdminServer(socket, access, commands, "9.9.9", requestDeadline, PendingRequests.DEFAULT_LIMITS);
        server.start();
    }

    private void start(AdminCommands commands) throws Exception {
        start(commands, "root");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static AdminRequest request(int protocol, String... argv) {
        return AdminRequest.newBuilder().setProtocol(protocol).setClientVersion("test").addAllArgv(List.of(argv)).build();
    }

    /** Every response up to and including the result. */
    private List<AdminResponse> exchange(AdminRequest request) throws IOException {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            Frames.write(Channels.newOutputStream(c), request);
            InputStream in = Channels.newInputStream(c);
            List<AdminResponse> got = new ArrayList<>();
            byte[] frame;
            while ((frame = Frames.read(in, AdminProtocol.MAX_RESPONSE_BYTES)) != null) {
                got.add(AdminResponse.parseFrom(frame));
            }
            return got;
        }
    }

    private Result result(String... argv) throws IOException {
        List<AdminResponse> got = exchange(request(AdminProtocol.VERSION, argv));
        return got.get(got.size() - 1).getResult();
    }

    private static AdminCommand echo() {
        return AdminCommandsTest.command("echo");
    }

    @Test
    void routesByTheFirstWordAndAnswersTextJsonExitCodeAndVersions() throws Exception {
        AdminCommands commands = new AdminCommands();
        commands.register(echo());
        start(commands);
        Result r = result("echo", "addnode", "--link0", "10.0.0.4");
        assertEquals(Status.OK, r.getStatus());
        assertEquals(0, r.getExitCode());
        assertEquals("echo [addnode, --link0, 10.0.0.4]\n", r.getText());
        assertEquals("[\n  \"addnode\",\n  \"--link0\",\n  \"10.0.0.4\"\n]\n", r.getJson());
        assertEquals(AdminProtocol.VERSION, r.getProtocol());
        assertEquals("9.9.9", r.getDaemonVersion());
    }

    @Test
    void progressArrivesBeforeTheResultInOrder() throws Exception {
        AdminCommands commands = new AdminCommands();
        commands.register(new AdminCommand() {
            @Override
            public String name() {
                return "backup";
            }

            @Override
            public String summary() {
                return "pretends to back up";
            }

            @Override
            public AdminReply run(List<String> args, AdminSession session) {
                session.progress("phase 1 of 2");
                session.progress("phase 2 of 2");
                return AdminReply.ok("done", "done");
            }
        });
        start(commands);
        List<AdminResponse> got = exchange(request(AdminProtocol.VERSION, "backup"));
        assertEquals(List.of("phase 1 of 2", "phase 2 of 2"), got.subList(0, 2).stream()
                .map(r -> r.getProgress().getText()).toList());
        assertEquals("done\n", got.get(2).getResult().getText());
        assertEquals(3, got.size());
    }

    @Test
    void anotherProtocolVersionIsToldWhichBothSidesSpeak() throws Exception {
        start(new AdminCommands());
        List<AdminResponse> got = exchange(request(AdminProtocol.VERSION + 1, "status"));
        Result r = got.get(0).getResult();
        assertEquals(Status.VERSION_MISMATCH, r.getStatus());
        assertEquals("jfencectl test speaks admin protocol " + (AdminProtocol.VERSION + 1) + ", this daemon (jfenced "
                + "9.9.9) speaks " + AdminProtocol.VERSION + ": use the jfencectl installed with the daemon\n",
                r.getText());
    }

    @Test
    void anUnknownCommandListsTheKnownOnes() throws Exception {
        AdminCommands commands = new AdminCommands();
        commands.register(echo());
        start(commands);
        Result r = result("frobnicate");
        assertEquals(Status.UNKNOWN_COMMAND, r.getStatus());
        assertEquals("no command \"frobnicate\"; the commands are: echo\n", r.getText());
        assertEquals(Status.UNKNOWN_COMMAND, result().getStatus());
    }

    @Test
    void aCommandThatThrowsFailsWithItsMessage() throws Exception {
        AdminCommands commands = new AdminCommands();
        commands.register(new AdminCommand() {
            @Override
            public String name() {
                return "cluster";
            }

            @Override
            public String summary() {
                return "breaks";
            }

            @Override
            public AdminReply run(List<String> args, AdminSession session) throws IOException {
                throw new IOException("corosync.conf is read-only");
            }
        });
        start(commands);
        Result r = result("cluster");
        assertEquals(Status.OK, r.getStatus());
        assertEquals(AdminReply.FAILED, r.getExitCode());
        assertEquals("cluster failed: corosync.conf is read-only\n", r.getText());
        assertEquals("{\n  \"error\": \"cluster failed: corosync.conf is read-only\"\n}\n", r.getJson());
    }

    @Test
    void aPeerThatIsNotAllowedIsRefusedAndNothingRuns() throws Exception {
        AdminCommands commands = new AdminCommands();
        List<String> ran = new ArrayList<>();
        commands.register(new AdminCommand() {
            @Override
            public String name() {
                return "fence";
            }

            @Override
            public String summary() {
                return "records";
            }

            @Override
            public AdminReply run(List<String> args, AdminSession session) {
                ran.add(session.user());
                return AdminReply.ok("", null);
            }
        });
        start(commands, "nobody");
        Result r = result("fence", "off", "vm");
        assertEquals(Status.PERMISSION_DENIED, r.getStatus());
        assertEquals("permission denied: only root may use the admin socket; fence_virtd/@admin_group can let a group"
                + " in\n", r.getText());
        assertTrue(ran.isEmpty());
    }

    @Test
    @Timeout(10)
    void aClientThatSaysNothingIsDisconnectedAfterTheDeadline() throws Exception {
        start(new AdminCommands());
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            long start = System.nanoTime();
            assertNull(Frames.read(Channels.newInputStream(c), 100), "closed without an answer");
            assertTrue(System.nanoTime() - start < 3_000_000_000L);
        }
        assertEquals(Status.UNKNOWN_COMMAND, result("x").getStatus(), "the server still serves");
    }

    /**
     * The waiting connections of one user are capped, the oldest closed first, so a user holding hundreds
     * idle or half-sent (and a deadline far away) still gets its next request through at once.
     */
    @Test
    @Timeout(30)
    void hundredsOfHeldConnectionsDoNotKeepTheNextRequestOut() throws Exception {
        requestDeadline = Duration.ofSeconds(60);
        AdminCommands commands = new AdminCommands();
        commands.register(echo());
        start(commands);
        List<SocketChannel> held = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path));
                if (i % 3 == 0) {
                    // the length of a 100-byte request and then nothing more
                    c.write(ByteBuffer.wrap(new byte[] {100, 1, 2}));
                }
                held.add(c);
            }
            long start = System.nanoTime();
            assertEquals("echo [still]\n", result("echo", "still").getText());
            // held connections end only at the 60 s request deadline; half of it tells "served beside them"
            // from "served after them" however slow the machine is
            assertTrue(System.nanoTime() - start < requestDeadline.toNanos() / 2, "answered beside the held connections, not after their deadline");
            int closedByServer = 0;
            for (SocketChannel c : held) {
                if (closedByServer(c)) {
                    closedByServer++;
                }
            }
            assertTrue(closedByServer >= 300 - PendingRequests.DEFAULT_LIMITS.perAllowedUser(),
                    "the oldest held connections were closed: " + closedByServer);
        } finally {
            for (SocketChannel c : held) {
                c.close();
            }
        }
    }

    /** A reset (the server closed with our bytes unread) says so as well as an end of stream. */
    private static boolean closedByServer(SocketChannel c) throws IOException {
        c.configureBlocking(false);
        try {
            return c.read(ByteBuffer.allocate(1)) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    @Timeout(30)
    void aUserWithTheMostCommandsRunningIsToldBusyAndTheOthersFinish() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(4);
        AdminCommands commands = new AdminCommands();
        commands.register(new AdminCommand() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public String summary() {
                return "waits until released";
            }

            @Override
            public AdminReply run(List<String> args, AdminSession session) throws InterruptedException {
                started.countDown();
                release.await();
                return AdminReply.ok("done", null);
            }
        });
        start(commands);
        List<Future<Result>> slow = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 4; i++) {
                slow.add(clients.submit(() -> result("slow")));
            }
            assertTrue(started.await(10, TimeUnit.SECONDS));
            Result busy = result("slow");
            assertEquals(Status.ERROR, busy.getStatus());
            assertEquals("the daemon is busy: user root has 4 admin commands running; try again when one has"
                    + " finished\n", busy.getText());
            release.countDown();
            for (var f : slow) {
                assertEquals("done\n", f.get(10, TimeUnit.SECONDS).getText());
            }
        } finally {
            release.countDown();
            clients.shutdownNow();
        }
    }

    @Test
    void closingTheServerRemovesTheSocket() throws Exception {
        start(new AdminCommands());
        server.close();
        server = null;
        assertTrue(!path.toFile().exists());
    }
}
