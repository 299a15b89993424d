package org.jfenced.nativelib.testcluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A process the fixture started inside a node; its pid is the process's own (the launch chain execs), and
 * the cluster stops it at teardown if the test did not.
 */
public final class NodeProcess implements AutoCloseable {
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final String label;
    private final Process process;
    private final Path log;

    NodeProcess(String label, Process process, Path log) {
        this.label = label;
        this.process = process;
        this.log = log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** stdout and stderr of the process. */
    public Path log() {
        return log;
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** SIGKILL: the process dies without cleaning up, like a crash. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(STOP_GRACE);
    }

    /** SIGTERM, then SIGKILL after a grace period; returns the exit code. */
    public int stop() {
        process.destroy();
        if (!awaitExit(STOP_GRACE)) {
            process.destroyForcibly();
            awaitExit(STOP_GRACE);
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    @Override
    public String toString() {
        return label + "[" + pid() + "]";
    }
}
