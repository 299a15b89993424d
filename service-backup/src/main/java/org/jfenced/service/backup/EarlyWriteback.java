package org.jfenced.service.backup;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Puts a file that is being written on the disk while it grows: after every {@code every} bytes it
 * syncs the file on a thread of its own (the writer goes on meanwhile), so the disk works while the copy
 * and the checksum use the CPUs, and the final sync finds little left. Without it the kernel keeps the
 * whole archive in dirty pages until that final sync — gigabytes on a host whose VMs need the memory.
 *
 * <p>A failed sync is reported by the {@link #written} that would start the next one, or by
 * {@link #finish}: the kernel reports a write-back error to each file descriptor once, so the final sync
 * could succeed after an earlier one failed.
 */
final class EarlyWriteback implements AutoCloseable {

    /** Syncs the file's data ({@code FileChannel.force(false)}). */
    @FunctionalInterface
    interface Sync {
        void run() throws IOException;
    }

    private final Sync sync;
    private final long every;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "backup-writeback");
        t.setDaemon(true);
        return t;
    });
    private Future<?> syncing = CompletableFuture.completedFuture(null);
    private long syncStartedAt;

    EarlyWriteback(Sync sync, long every) {
        this.sync = sync;
        this.every = every;
    }

    /** The file now holds {@code total} bytes; starts a sync if {@code every} more came since the last one began. */
    void written(long total) throws IOException {
        if (!syncing.isDone() || total - syncStartedAt < every) {
            return;
        }
        awaitSync();
        syncStartedAt = total;
        syncing = thread.submit(() -> {
            sync.run();
            return null;
        });
    }

    /** Waits for the sync in progress; the caller syncs what came after it. */
    void finish() throws IOException {
        awaitSync();
    }

    /** Without interrupting a sync in progress: an interrupt would close the file under the writer. */
    @Override
    public void close() {
        thread.shutdown();
    }

    private void awaitSync() throws IOException {
        boolean interrupted = false;
        while (true) {
            try {
                syncing.get();
                break;
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io
                        : new IOException("syncing the archive failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                // the sync ends on its own; its error must not be lost
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
