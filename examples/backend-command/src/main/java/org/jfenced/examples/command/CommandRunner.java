package org.jfenced.examples.command;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one command with a deadline: a command still running at its timeout is killed. */
final class CommandRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
    /** What a command that could not run, or ran out of time, counts as. */
    static final int DID_NOT_FINISH = -1;

    private final Duration timeout;

    CommandRunner(Duration timeout) {
        this.timeout = timeout;
    }

    /** The command's exit status, or {@link #DID_NOT_FINISH}. */
    int exitStatus(List<String> command) {
        return run(command, ProcessBuilder.Redirect.DISCARD);
    }

    /** What the command printed; fails unless it exits 0 in time. */
    String output(List<String> command) {
        Path out;
        try {
            out = Files.createTempFile("backend-command", ".out");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            int exit = run(command, ProcessBuilder.Redirect.to(out.toFile()));
            if (exit != 0) {
                throw new IllegalStateException(command.get(0) + " exited with " + exit);
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            out.toFile().delete();
        }
    }

    private int run(List<String> command, ProcessBuilder.Redirect stdout) {
        Process process;
        try {
            // stdin and stderr go nowhere, so a command can neither wait for input nor block on a full pipe
            process = new ProcessBuilder(command).redirectInput(new File("/dev/null")).redirectOutput(stdout)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            LOG.warn("cannot run {}: {}", command.get(0), e.getMessage());
            return DID_NOT_FINISH;
        }
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
            LOG.warn("{} still running after {} s; killed", String.join(" ", command), timeout.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        return DID_NOT_FINISH;
    }
}
