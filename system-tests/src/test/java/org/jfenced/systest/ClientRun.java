package org.jfenced.systest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** What a client run printed and how it exited. */
record ClientRun(int exit, String stdout, String stderr, long millis) {

    /**
     * Runs the started process {@code p} to its end: feeds it {@code stdin} (nothing if null), collects what
     * it prints, and kills it and fails if it still runs after {@code timeout}. {@code what} names it in that
     * failure; {@code startNanos} is when it was started, for {@link #millis}.
     */
    static ClientRun await(Process p, String stdin, Duration timeout, String what, long startNanos)
            throws IOException, InterruptedException, ExecutionException {
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (OutputStream o = p.getOutputStream()) {
            if (stdin != null) {
                o.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            Processes.kill(p.toHandle());
            throw new AssertionError("still running after " + timeout + ": " + what);
        }
        return new ClientRun(p.exitValue(), out.get(), err.get(), (System.nanoTime() - startNanos) / 1_000_000);
    }

    /** Read on a thread of its own, so that a process filling one pipe never blocks on the other. */
    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<" + e + ">";
            }
        });
    }

    @Override
    public String toString() {
        return "exit " + exit + " after " + millis + " ms\nstdout: " + stdout + "\nstderr: " + stderr;
    }
}
