package org.jfenced.systest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@link ConnectionFlood} in a process of its own, run through {@code setpriv} as another user: its
 * class files are copied where that user can read them. Stopped by its pid, and by closing its input.
 */
final class FloodProcess implements AutoCloseable {

    private final Process process;
    private final OutputStream stdin;
    private final CompletableFuture<String> flooding = new CompletableFuture<>();
    private final StringBuilder output = new StringBuilder();

    private FloodProcess(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(this::readOutput, "flood-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts flooding the UNIX socket {@code socket} with {@code idle} silent and {@code partial} half-sent
     * connections as the user {@code setprivArgs} name, and returns once it has opened that many.
     *
     * @param readableDir an empty directory everybody can read, for the class files
     */
    static FloodProcess unix(Path readableDir, Path socket, int idle, int partial, String... setprivArgs) {
        List<String> cmd = new ArrayList<>(List.of(Requirements.binary("/usr/bin/setpriv", "util-linux").toString()));
        cmd.addAll(List.of(setprivArgs));
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-cp",
                copyClasses(readableDir).toString(), ConnectionFlood.class.getName(), "--unix", socket.toString(),
                Integer.toString(idle), Integer.toString(partial), "300"));
        try {
            FloodProcess flood = new FloodProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
            flood.awaitFlooding(Duration.ofSeconds(60));
            return flood;
        } catch (IOException e) {
            throw new AssertionError("cannot start " + cmd, e);
        }
    }

    private void awaitFlooding(Duration limit) {
        try {
            flooding.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            close();
            throw new AssertionError("the flood did not get going within " + limit + ": " + output(), e);
        }
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
                if (line.startsWith("flooding")) {
                    flooding.complete(line);
                }
            }
        } catch (IOException e) {
            // the process is gone; what it printed is kept
        }
        flooding.completeExceptionally(new IllegalStateException("the flood ended"));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** Ends the flood (end of its input, then its pid) and returns what it printed: its counters last. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                Processes.stop(process.toHandle(), Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Processes.kill(process.toHandle());
        }
    }

    private static Path copyClasses(Path readableDir) {
        try {
            Path from = Path.of(ConnectionFlood.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            String pkg = ConnectionFlood.class.getPackageName().replace('.', '/');
            Path to = Files.createDirectories(readableDir.resolve(pkg));
            try (Stream<Path> files = Files.list(from.resolve(pkg))) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith("ConnectionFlood")).toList()) {
                    Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            for (Path p = to; p.startsWith(readableDir); p = p.getParent()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            try (Stream<Path> files = Files.list(to)) {
                for (Path f : files.toList()) {
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
            return readableDir;
        } catch (IOException | URISyntaxException e) {
            throw new AssertionError("cannot copy the flood's classes to " + readableDir, e);
        }
    }
}
