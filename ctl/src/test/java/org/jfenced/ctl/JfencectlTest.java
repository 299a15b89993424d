package org.jfenced.ctl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jfenced.admin.api.AdminProtocol;
import org.jfenced.admin.api.AdminResponse;
import org.jfenced.admin.api.Progress;
import org.jfenced.admin.api.Result;
import org.jfenced.admin.api.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jfencectl against a stand-in daemon: what it sends, what it prints where, how it exits. */
class JfencectlTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run ctlWithEnvironment(String environmentSocket, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Jfencectl.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environmentSocket, args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run ctl(String... args) {
        List<String> all = new ArrayList<>(List.of("--socket", socket().toString()));
        all.addAll(List.of(args));
        return ctlWithEnvironment(null, all.toArray(String[]::new));
    }

    private Path socket() {
        return dir.resolve("admin.sock");
    }

    private static AdminResponse result(Status status, int exit, String text, String json) {
        return AdminResponse.newBuilder().setResult(Result.newBuilder().setStatus(status).setExitCode(exit)
                .setText(text).setJson(json).setProtocol(AdminProtocol.VERSION).setDaemonVersion("9.9.9")).build();
    }

    private static AdminResponse progress(String line) {
        return AdminResponse.newBuilder().setProgress(Progress.newBuilder().setText(line)).build();
    }

    @Test
    void sendsTheWholeCommandLinePluginOptionsIncludedWithItsProtocolVersion() throws Exception {
        try (FakeDaemonSocket d = new FakeDaemonSocket(socket(), List.of(result(Status.OK, 0, "added\n", "{}\n")))) {
            Run r = ctl("cluster", "addnode", "n4", "--link0", "10.0.0.4", "-n", "5");
            assertEquals(0, r.exit(), r.toString());
            assertEquals("added\n", r.out());
            assertEquals(List.of("cluster", "addnode", "n4", "--link0", "10.0.0.4", "-n", "5"), d.request().getArgvList());
            assertEquals(AdminProtocol.VERSION, d.request().getProtocol());
        }
    }

    @Test
    void jsonPrintsTheJsonAnywhereOnTheLineAndKeepsProgressOffStdout() throws Exception {
        try (FakeDaemonSocket d = new FakeDaemonSocket(socket(), List.of(progress("50%"),
                result(Status.OK, 0, "text\n", "{\"done\": true}\n")))) {
            Run r = ctl("backup", "vm1", "--json");
            assertEquals("{\"done\": true}\n", r.out());
            assertEquals("50%\n", r.err());
            assertEquals(List.of("backup", "vm1"), d.request().getArgvList());
        }
    }

    @Test
    void progressGoesToStdoutBeforeTheTextWithoutJson() throws Exception {
        try (FakeDaemonSocket d = new FakeDaemonSocket(socket(), List.of(progress("phase 1"), progress("phase 2"),
                result(Status.OK, 0, "done\n", "{}\n")))) {
            assertEquals("phase 1\nphase 2\ndone\n", ctl("backup").out());
        }
    }

    @Test
    void theCommandsExitCodeIsJfencectlsAndFailuresGoToStderr() throws Exception {
        try (FakeDaemonSocket d = new FakeDaemonSocket(socket(), List.of(result(Status.OK, 2, "vm1 is off\n", "{}\n")))) {
            Run r = ctl("fence", "status", "vm1");
            assertEquals(2, r.exit());
            assertEquals("vm1 is off\n", r.out());
        }
        try (FakeDaemonSocket d = new FakeDaemonSocket(dir.resolve("b.sock"),
                List.of(result(Status.OK, 1, "off vm1: fail\n", "{}\n")))) {
            Run r = ctlWithEnvironment(dir.resolve("b.sock").toString(), "fence", "off", "vm1");
            assertEquals(1, r.exit());
            assertEquals("", r.out());
            assertEquals("off vm1: fail\n", r.err());
        }
    }

    @Test
    void refusalsHaveExitCodesOfTheirOwn() throws Exception {
        Object[][] cases = {{Status.PERMISSION_DENIED, ExitCodes.NO_PERMISSION},
            {Status.VERSION_MISMATCH, ExitCodes.PROTOCOL}, {Status.UNKNOWN_COMMAND, ExitCodes.USAGE},
            {Status.ERROR, ExitCodes.SOFTWARE}};
        for (Object[] c : cases) {
            Path p = dir.resolve(c[0] + ".sock");
            try (FakeDaemonSocket d = new FakeDaemonSocket(p, List.of(result((Status) c[0], 1, "because\n", "{}\n")))) {
                Run r = ctlWithEnvironment(null, "--socket", p.toString(), "status");
                assertEquals((int) c[1], r.exit(), c[0].toString());
                assertEquals("jfencectl: because\n", r.err());
                assertEquals("", r.out());
            }
        }
    }

    @Test
    void noDaemonMeansNoSocket() {
        Run r = ctl("status");
        assertEquals(ExitCodes.UNAVAILABLE, r.exit());
        assertEquals("jfencectl: jfenced is not running: there is no admin socket " + socket()
                + " (a daemon started with its own -p NAME.pid needs --instance NAME, one configured with another"
                + " fence_virtd/@admin_socket --socket PATH)\n", r.err());
    }

    @Test
    void aSocketLeftByACrashedDaemonIsNamedAsSuch() throws Exception {
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(socket()));
        s.close();
        Run r = ctl("status");
        assertEquals(ExitCodes.UNAVAILABLE, r.exit());
        assertTrue(r.err().contains("is left over from a daemon that did not stop cleanly"), r.err());
    }

    @Test
    void aDaemonThatSaysNothingIsGivenUpAfterTheTimeout() throws Exception {
        try (FakeDaemonSocket d = new FakeDaemonSocket(socket(), List.of(5000L))) {
            long start = System.nanoTime();
            Run r = ctl("--timeout", "1", "status");
            assertTrue(System.nanoTime() - start < 4_000_000_000L);
            assertEquals(ExitCodes.UNAVAILABLE, r.exit());
            assertEquals("jfencectl: jfenced did not answer within 1 s (--timeout)\n", r.err());
        }
    }

    @Test
    void somethingElseOnTheSocketIsNotMistakenForJfenced() throws Exception {
        try (FakeDaemonSocket d = new FakeDaemonSocket(socket(), List.of(new byte[] {3, (byte) 0xff, (byte) 0xff,
            (byte) 0xff}))) {
            Run r = ctl("status");
            assertEquals(ExitCodes.PROTOCOL, r.exit());
            assertTrue(r.err().contains("is not a jfenced admin response"), r.err());
        }
    }

    @Test
    void theEnvironmentNamesTheSocketWhenTheOptionDoesNot() throws Exception {
        try (FakeDaemonSocket d = new FakeDaemonSocket(socket(), List.of(result(Status.OK, 0, "ok\n", "{}\n")))) {
            assertEquals("ok\n", ctlWithEnvironment(socket().toString(), "status").out());
        }
    }

    @Test
    void withoutACommandItSaysHowToGetHelp() {
        Run r = ctlWithEnvironment(null);
        assertEquals(ExitCodes.USAGE, r.exit());
        assertEquals("jfencectl: no command given; \"jfencectl --help\" shows the commands\n", r.err());
    }

    @Test
    void anInstanceIsFoundByItsNameOrItsPidFile() {
        Run byName = ctlWithEnvironment(null, "--instance", "op-test-absent", "status");
        assertEquals(ExitCodes.UNAVAILABLE, byName.exit());
        assertTrue(byName.err().contains("there is no admin socket /run/jfenced/op-test-absent.sock"), byName.err());

        Run byPidFile = ctlWithEnvironment(null, "--instance", "/var/run/op-test-absent.pid", "status");
        assertTrue(byPidFile.err().contains("there is no admin socket /run/jfenced/op-test-absent.sock"),
                byPidFile.err());
    }

    @Test
    void socketAndInstanceTogetherAreAUsageError() {
        Run r = ctl("--instance", "a", "status");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertEquals("jfencectl: --instance: give --socket or --instance, not both\n", r.err());
    }

    @Test
    void keygenWritesFourKiBOfRandomBytesOnlyTheOwnerMayRead() throws Exception {
        Path key = dir.resolve("cluster/fence_xvm.key");
        Path other = dir.resolve("other.key");

        Run r = ctlWithEnvironment(null, "keygen", key.toString());
        ctlWithEnvironment(null, "keygen", other.toString());

        assertEquals(0, r.exit(), r.err());
        assertEquals("wrote a new 4096-byte key to " + key + " (mode 0600); copy it to every host and guest of the"
                + " cluster over a secure channel\n", r.out());
        assertEquals(4096, Files.size(key));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertFalse(Arrays.equals(Files.readAllBytes(key), Files.readAllBytes(other)));
        try (Stream<Path> left = Files.list(key.getParent())) {
            assertEquals(List.of(key), left.toList(), "no temporary file is left");
        }
    }

    @Test
    void keygenKeepsAnExistingKeyUnlessForced() throws Exception {
        Path key = dir.resolve("fence_xvm.key");
        ctlWithEnvironment(null, "keygen", key.toString());
        byte[] before = Files.readAllBytes(key);

        Run refused = ctlWithEnvironment(null, "keygen", key.toString());
        assertEquals(1, refused.exit());
        assertEquals("jfencectl: " + key + " exists already; every host and guest must hold the same key, so it"
                + " stays (--force replaces it)\n", refused.err());
        assertArrayEquals(before, Files.readAllBytes(key));

        Run forced = ctlWithEnvironment(null, "keygen", "--force", key.toString());
        assertEquals(0, forced.exit(), forced.err());
        assertFalse(Arrays.equals(before, Files.readAllBytes(key)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    }

    @Test
    void keygenTakesOneFileAtMost() {
        Run r = ctlWithEnvironment(null, "keygen", "a", "b");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertEquals("jfencectl: usage: jfencectl keygen [--force] [FILE]\n", r.err());
    }
}
