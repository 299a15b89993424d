package org.jfenced.service.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jfenced.nativelib.crypto.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SHA-256 of one disk, computed on a thread of its own while the copy writes the same chunks: the
 * copy takes a buffer from a ring of direct buffers, fills it, hands it over with {@link #add}, and
 * writes it out; a buffer is given out again only once its checksum is done. The checksum sees the
 * bytes that were written, read once.
 */
final class ChecksumPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChecksumPipeline.class);
    /** The chunks in flight take milliseconds; a thread still busy after this is stuck, not slow. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "backup-checksum");
        t.setDaemon(true);
        return t;
    });
    private final Sha256 sha = Checksums.sha256();
    private final ByteBuffer[] buffers;
    private final Future<?>[] hashed;
    private int next;

    /**
     * @param depth chunks that may wait for their checksum: the checksum and the copy run at about the
     *     same speed, so either may briefly fall behind (on a busy host most of all) without stalling the other
     */
    ChecksumPipeline(int depth, int chunkSize) {
        buffers = new ByteBuffer[depth];
        hashed = new Future<?>[depth];
        for (int i = 0; i < depth; i++) {
            buffers[i] = ByteBuffer.allocateDirect(chunkSize);
            hashed[i] = CompletableFuture.completedFuture(null);
        }
    }

    /** The next buffer of the ring, cleared, once the checksum is done with what it held before. */
    ByteBuffer nextBuffer() throws IOException, InterruptedException {
        await(hashed[next]);
        return buffers[next].clear();
    }

    /** Adds {@code chunk}, the buffer {@link #nextBuffer} gave, from its position to its limit; leaves it as it is. */
    void add(ByteBuffer chunk) {
        if (chunk != buffers[next]) {
            throw new IllegalArgumentException("not the buffer nextBuffer() gave");
        }
        ByteBuffer view = chunk.duplicate();
        hashed[next] = thread.submit(() -> sha.update(view));
        next = (next + 1) % buffers.length;
    }

    /** The checksum of everything added, in hex. */
    String finish() throws IOException, InterruptedException {
        for (Future<?> f : hashed) {
            await(f);
        }
        return Checksums.hex(sha);
    }

    /**
     * Waits for the chunks in flight before freeing the digest, even when interrupted: freeing native
     * memory that the checksum thread still works on would crash the daemon.
     */
    @Override
    public void close() {
        thread.shutdown();
        boolean interrupted = false;
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        boolean idle = false;
        while (!idle && System.nanoTime() < deadline) {
            try {
                idle = thread.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (idle) {
            sha.close();
        } else {
            LOG.warn("the checksum thread is still busy after {} s; leaving its digest allocated", CLOSE_WAIT.toSeconds());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(Future<?> f) throws InterruptedException, IOException {
        try {
            f.get();
        } catch (ExecutionException e) {
            throw new IOException("checksum failed: " + e.getCause(), e.getCause());
        }
    }
}
