package org.jfenced.pacemaker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The host side: {@code bin/jfenced -F} (or the C {@code fence_virtd -F}) inside the rig's namespace, so
 * it listens on the guests' bridge, with a config of its own. Stopped by pid.
 */
final class HostDaemon implements HostSide {

    private static final Duration READY = Duration.ofSeconds(60);
    /** Daemons still running; a shutdown hook stops them if a test run ends without closing them. */
    private static final Set<HostDaemon> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(HostDaemon::close), "host-daemon-cleanup"));
    }

    private final Process process;
    private final Path log;
    private final Path adminSocket;

    private HostDaemon(Process process, Path log, Path adminSocket) {
        this.process = process;
        this.log = log;
        this.adminSocket = adminSocket;
    }

    /** bin/jfenced on {@code config}, with the docker backend's jar in its plugins directory; waits until ready. */
    static HostDaemon jfenced(DockerRig rig, Path dir, Path config) {
        Path home = home();
        Path plugins = Path.of(System.getProperty("jfenced.plugins", "target/plugins")).toAbsolutePath();
        HostDaemon d = launch(rig, dir, List.of(home.resolve("bin/jfenced").toString(), "-F", "-f", config.toString(),
                "-p", dir.resolve("jfenced.pid").toString()), Map.of("JFENCED_PLUGINS", plugins.toString()),
                dir.resolve("admin.sock"));
        d.awaitReady(() -> d.log().contains("jfenced ready"), "jfenced ready");
        return d;
    }

    /**
     * The C fence_virtd of Debian's fence-virtd on {@code config}; waits until it has bound port 1229 (it
     * logs to syslog, so its output tells nothing).
     */
    static HostDaemon fenceVirtd(DockerRig rig, Path dir, Path config) {
        if (!Files.isExecutable(Path.of("/usr/sbin/fence_virtd"))) {
            throw new IllegalStateException("/usr/sbin/fence_virtd is missing: install fence-virtd (scripts/test does)");
        }
        HostDaemon d = launch(rig, dir, List.of("/usr/sbin/fence_virtd", "-F", "-d", "2", "-f", config.toString(),
                "-p", dir.resolve("fence_virtd.pid").toString()), Map.of(), null);
        String owner = "pid=" + d.process.pid() + ",";
        d.awaitReady(() -> run(rig.inside(List.of("ss", "-Hlnup", "sport = :1229"))).contains(owner), "port 1229 bound");
        return d;
    }

    private static HostDaemon launch(DockerRig rig, Path dir, List<String> cmd, Map<String, String> env, Path admin) {
        Path log = dir.resolve("daemon-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(rig.inside(cmd)).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        try {
            HostDaemon d = new HostDaemon(pb.start(), log, admin);
            LIVE.add(d);
            return d;
        } catch (IOException e) {
            throw new AssertionError("cannot start " + cmd, e);
        }
    }

    /** Waits until {@code ready} holds; stops the daemon and fails when it exits or time runs out. */
    private void awaitReady(BooleanSupplier ready, String what) {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            if (ready.getAsBoolean()) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the host daemon exited with " + process.exitValue() + ":\n" + log());
            }
            Guest.pause(Duration.ofMillis(100));
        }
        close();
        throw new AssertionError("the host daemon: " + what + " not seen within " + READY + ":\n" + log());
    }

    private static Path home() {
        Path home = Path.of(System.getProperty("jfenced.home", "../dist/target/jfenced")).toAbsolutePath().normalize();
        if (!Files.isExecutable(home.resolve("bin/jfenced"))) {
            throw new IllegalStateException(home + "/bin/jfenced is missing: build with 'mvn package' first");
        }
        return home;
    }

    @Override
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "<cannot read the log: " + e + ">";
        }
    }

    /** {@code jfencectl history}: one line a request with time, listener, source, action, target, result. */
    String history() {
        return run(List.of(home().resolve("bin/jfencectl").toString(), "--socket", adminSocket.toString(),
                "history", "-n", "1000"));
    }

    /** Runs {@code cmd} to its end; it must succeed. Returns its output. */
    private static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", cmd) + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        LIVE.remove(this);
        process.toHandle().destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.toHandle().destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A file only root may read, as jfenced demands of keys and configs. */
    static Path writePrivate(Path file, byte[] content) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, content);
            return file;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
