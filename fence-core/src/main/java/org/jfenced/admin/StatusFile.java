package org.jfenced.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jfenced.config.AtomicFile;
import org.jfenced.spi.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fence_virtd/@status_file}: the JSON of {@code jfencectl status --json}, for tools that cannot use
 * the socket (Cluster::Init's clstat). Checked once a second and rewritten atomically only when it
 * changed, so a busy daemon writes at most once a second and an idle one not at all. Readable by
 * everyone (0644): it holds what {@code fence_xvm -o list} shows any key holder, and counters. Removed
 * when the daemon stops, so that a file present means a daemon runs or died without stopping.
 */
public final class StatusFile implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusFile.class);
    static final Duration PERIOD = Duration.ofSeconds(1);

    private final Path path;
    private final Supplier<String> content;
    private final ScheduledExecutorService timer;
    private String written;
    private boolean failing;

    private StatusFile(Path path, Supplier<String> content) {
        this.path = path;
        this.content = content;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "status-file");
            t.setDaemon(true);
            return t;
        });
    }

    /** Writes the file now and then keeps it current. */
    public static StatusFile start(Path path, DaemonView daemon) {
        return start(path, () -> Json.write(StatusReport.of(daemon).data()));
    }

    static StatusFile start(Path path, Supplier<String> content) {
        StatusFile f = new StatusFile(path, content);
        f.timer.scheduleWithFixedDelay(f::refresh, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        return f;
    }

    /** Only the timer thread calls this. */
    private void refresh() {
        String now;
        try {
            now = content.get();
        } catch (RuntimeException e) {
            LOG.warn("status file {}: cannot take the status: {}", path, e.toString());
            return;
        }
        if (now.equals(written)) {
            return;
        }
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            AtomicFile.write(path, now, PosixFilePermissions.fromString("rw-r--r--"));
            written = now;
            if (failing) {
                LOG.info("status file {} written again", path);
                failing = false;
            }
        } catch (IOException e) {
            if (!failing) {
                LOG.warn("cannot write the status file {}: {}; retrying every second", path, e.toString());
                failing = true;
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
            Files.deleteIfExists(path);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("cannot remove the status file {}: {}", path, e.toString());
        }
    }
}
