package org.jfenced.service.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The SHA-256 of one disk, computed on a thread of its own while the copy writes the same chunks: the
 * copy takes a buffer from a ring of direct buffers, fills it, hands it over with {@link #add}, and
 * writes it out; a buffer is given out again only once its checksum is done. The checksum sees the
 * bytes that were written, read once.
 */
final class ChecksumPipeline implements AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "backup-checksum");
        t.setDaemon(true);
        return t;
    });
    private final MessageDigest digest = Checksums.sha256();
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
        hashed[next] = thread.submit(() -> digest.update(view));
        next = (next + 1) % buffers.length;
    }

    /** The checksum of everything added, in hex. */
    String finish() throws IOException, InterruptedException {
        for (Future<?> f : hashed) {
            await(f);
        }
        return Checksums.hex(digest);
    }

    /** Drops what is still queued: after a failure or an abort the checksum is of no use. */
    @Override
    public void close() {
        thread.shutdownNow();
    }

    private static void await(Future<?> f) throws InterruptedException, IOException {
        try {
            f.get();
        } catch (ExecutionException e) {
            throw new IOException("checksum failed: " + e.getCause(), e.getCause());
        }
    }
}
