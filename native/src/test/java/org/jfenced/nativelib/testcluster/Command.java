package org.jfenced.nativelib.testcluster;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A short command run to completion with a time limit; output goes through a file so a hung child cannot block us. */
final class Command {
    record Result(int exitCode, String output) {
    }

    private Command() {
    }

    static Result run(Duration timeout, List<String> command) {
        Path out = null;
        try {
            out = Files.createTempFile("jfenced-cmd", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException(command + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /** Runs and returns the output; throws with the output when the exit code is not 0. */
    static String check(Duration timeout, List<String> command) {
        Result result = run(timeout, command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(command + " exited with " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }
}
