package org.jfenced.libvirt;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A libvirtd of the test's own: it serves only libvirt's built-in test driver, on a UNIX socket in a
 * private directory, with no other driver loaded (LIBVIRT_DRIVER_DIR is an empty directory), so it
 * touches nothing else on the host. It is started, signalled and stopped by its pid, never by name.
 */
public final class PrivateLibvirtd implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/libvirtd");

    private final Path dir;
    private final Path run;
    private final Path config;
    private final Path pidFile;
    private Process process;

    /** Fails (never skips) the test when libvirtd is missing: reconnect behaviour would go untested. */
    public static void requireInstalled() {
        if (!Files.isExecutable(BINARY)) {
            fail(BINARY + " not found: the reconnect tests need a real libvirtd. Install the Debian package"
                    + " libvirt-daemon (apt-get install --no-install-recommends libvirt-daemon).");
        }
    }

    public PrivateLibvirtd() throws IOException {
        requireInstalled();
        // under /tmp with a short name: a UNIX socket path may not exceed 107 bytes
        dir = Files.createTempDirectory(Path.of("/tmp"), "lvd");
        run = Files.createDirectory(dir.resolve("run"));
        Files.createDirectory(dir.resolve("nodrivers"));
        pidFile = run.resolve("libvirtd.pid");
        config = dir.resolve("libvirtd.conf");
        Files.writeString(config, String.join("\n",
                "unix_sock_dir = \"" + run + "\"",
                "unix_sock_group = \"root\"",
                "unix_sock_ro_perms = \"0777\"",
                "unix_sock_rw_perms = \"0770\"",
                "unix_sock_admin_perms = \"0700\"",
                "auth_unix_ro = \"none\"",
                "auth_unix_rw = \"none\"",
                "log_outputs = \"3:file:" + run.resolve("libvirtd.log") + "\"",
                ""));
    }

    public Path dir() {
        return dir;
    }

    /** The URI of a node file read by this daemon; each client connection gets its own fresh copy. */
    public String uri(Path nodeFile) {
        return "test+unix://" + nodeFile.toAbsolutePath() + "?socket=" + socket();
    }

    /** Starts the daemon and returns once it accepts connections. */
    public void start() throws IOException, InterruptedException {
        // left behind by SIGKILL; the daemon replaces a stale socket itself
        Files.deleteIfExists(pidFile);
        ProcessBuilder builder = new ProcessBuilder(BINARY.toString(), "-f", config.toString(), "-p", pidFile.toString());
        builder.environment().put("LIBVIRT_DRIVER_DIR", dir.resolve("nodrivers").toString());
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("libvirtd.out").toFile()));
        process = builder.start();
        awaitAccepting();
    }

    public void kill() throws InterruptedException {
        process.destroyForcibly();
        awaitExit();
    }

    public void terminate() throws InterruptedException {
        process.destroy();
        awaitExit();
    }

    /** SIGSTOP: the daemon keeps its socket but answers nothing, like a hung libvirtd. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    /** Kills the daemon if it still runs (a frozen one too) and deletes its directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private Path socket() {
        return run.resolve("libvirt-sock");
    }

    private void awaitExit() throws InterruptedException {
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "libvirtd pid " + process.pid() + " did not exit");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertTrue(kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal + " " + process.pid());
    }

    private void awaitAccepting() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("libvirtd exited with " + process.exitValue() + ": " + Files.readString(dir.resolve("libvirtd.out")));
            }
            try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                probe.connect(UnixDomainSocketAddress.of(socket()));
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        fail("libvirtd pid " + process.pid() + " does not accept connections on " + socket());
    }

    /**
     * Run as root, libvirtd creates /run/libvirt/common/system.token whatever its configuration says.
     * Remembers which of those paths existed before, so that only what the tests created is removed.
     */
    public static final class RunDirFootprint {
        private static final List<Path> PATHS = List.of(
                Path.of("/run/libvirt/common/system.token"), Path.of("/run/libvirt/common"), Path.of("/run/libvirt"));

        private final List<Path> absentBefore = new ArrayList<>();

        public RunDirFootprint() {
            for (Path p : PATHS) {
                if (!Files.exists(p)) {
                    absentBefore.add(p);
                }
            }
        }

        /** Deletes, file first, the paths that did not exist before; a directory only if empty. */
        public void restore() throws IOException {
            for (Path p : absentBefore) {
                if (Files.isDirectory(p)) {
                    try (Stream<Path> entries = Files.list(p)) {
                        if (entries.findAny().isPresent()) {
                            continue;
                        }
                    }
                }
                Files.deleteIfExists(p);
            }
        }
    }
}
