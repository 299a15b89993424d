package org.jfenced.systest;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/jfenced -F} as a child process with its own config, pid file and log, stopped by pid.
 */
final class JfencedProcess implements AutoCloseable {

    private final Path dir;
    private final Path log;
    private final Process process;

    private JfencedProcess(Path dir, Path log, Process process) {
        this.dir = dir;
        this.log = log;
        this.process = process;
    }

    /** Starts the daemon on {@code config} and waits until it logs that it is ready. */
    static JfencedProcess start(Path dir, Path config, String... extraArgs) {
        JfencedProcess p = launch(dir, config, extraArgs);
        p.awaitLog("jfenced ready", Duration.ofSeconds(30));
        return p;
    }

    /** Starts the daemon under {@code nohup}, which hands it SIGHUP ignored, and waits until it is ready. */
    static JfencedProcess startIgnoringHangup(Path dir, Path config) {
        List<String> cmd = new ArrayList<>(List.of("nohup"));
        cmd.addAll(command(dir, config));
        Path log = newLog(dir);
        try {
            JfencedProcess p = new JfencedProcess(dir, log,
                    new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start());
            p.awaitLog("jfenced ready", Duration.ofSeconds(30));
            return p;
        } catch (IOException e) {
            throw new AssertionError("cannot start " + cmd, e);
        }
    }

    /** Starts the daemon without waiting for anything. */
    static JfencedProcess launch(Path dir, Path config, String... extraArgs) {
        return launch(dir, config, Map.of(), extraArgs);
    }

    /** Starts the daemon with extra environment variables, without waiting for anything. */
    static JfencedProcess launch(Path dir, Path config, Map<String, String> env, String... extraArgs) {
        List<String> cmd = command(dir, config, extraArgs);
        Path log = newLog(dir);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            return new JfencedProcess(dir, log, p);
        } catch (IOException e) {
            throw new AssertionError("cannot start " + cmd, e);
        }
    }

    /** Runs {@code bin/jfenced ARGS…} exactly as given (no {@code -F} added), without waiting for anything. */
    static JfencedProcess launchAsGiven(Path dir, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Requirements.jfencedHome().resolve("bin/jfenced").toString()));
        cmd.addAll(List.of(args));
        Path log = newLog(dir);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            return new JfencedProcess(dir, log, pb.start());
        } catch (IOException e) {
            throw new AssertionError("cannot start " + cmd, e);
        }
    }

    /** Runs {@code bin/jfenced ARGS…} exactly as given inside a network namespace, without waiting for anything. */
    static JfencedProcess launchAsGivenIn(NetNamespace ns, Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Requirements.jfencedHome().resolve("bin/jfenced").toString()));
        cmd.addAll(List.of(args));
        Path log = newLog(dir);
        return new JfencedProcess(dir, log, ns.start(log, cmd));
    }

    /** Starts the daemon inside a network namespace and waits until it logs that it is ready. */
    static JfencedProcess startIn(NetNamespace ns, Path dir, Path config, String... extraArgs) {
        JfencedProcess p = launchIn(ns, dir, config, extraArgs);
        p.awaitLog("jfenced ready", Duration.ofSeconds(30));
        return p;
    }

    /** Starts the daemon inside a network namespace without waiting for anything. */
    static JfencedProcess launchIn(NetNamespace ns, Path dir, Path config, String... extraArgs) {
        Path log = newLog(dir);
        return new JfencedProcess(dir, log, ns.start(log, command(dir, config, extraArgs)));
    }

    /** Starts the daemon on a {@link GuestHost} (its namespace, its libvirtd) and waits until it is ready. */
    static JfencedProcess startOn(GuestHost host, Path dir, Path config, String... extraArgs) {
        Path log = newLog(dir);
        JfencedProcess p = new JfencedProcess(dir, log, host.startDaemon(log, command(dir, config, extraArgs)));
        p.awaitLog("jfenced ready", Duration.ofSeconds(60));
        return p;
    }

    private static List<String> command(Path dir, Path config, String... extraArgs) {
        Path home = Requirements.jfencedHome();
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/jfenced").toString(), "-F", "-f", config.toString(),
                "-p", dir.resolve("jfenced.pid").toString()));
        cmd.addAll(List.of(extraArgs));
        return cmd;
    }

    private static Path newLog(Path dir) {
        return dir.resolve("jfenced-" + System.nanoTime() + ".log");
    }

    /** Waits until the log contains {@code text}; fails with the log if the daemon exits or time runs out. */
    void awaitLog(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (log().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("jfenced exited with " + process.exitValue() + " before logging \"" + text
                        + "\":\n" + log());
            }
            sleep(20);
        }
        throw new AssertionError("jfenced did not log \"" + text + "\" within " + timeout + ":\n" + log());
    }

    /** Waits for the process to end by itself and returns its exit code. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new AssertionError("jfenced still runs after " + timeout + ":\n" + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return process.exitValue();
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "<cannot read log: " + e + ">";
        }
    }

    /** Lines of the log that contain {@code text}. */
    long countLog(String text) {
        return log().lines().filter(l -> l.contains(text)).count();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    Path pidFile() {
        return dir.resolve("jfenced.pid");
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, and the exit code. */
    int terminate() {
        process.toHandle().destroy();
        return awaitExit(Duration.ofSeconds(15));
    }

    @Override
    public void close() {
        Processes.stop(process.toHandle(), Duration.ofSeconds(10));
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
