package org.jfenced.service.backup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jfenced.nativelib.crypto.Sha256;

/**
 * Writes one archive: a tar stream, compressed, into {@code NAME.tmp} beside the final name; the
 * entries are added one by one, each with its SHA-256, and {@link #finish} adds the manifest, syncs the
 * file and renames it into place. Closing an archive that was not finished removes the temporary file,
 * so an aborted or failed backup leaves nothing behind.
 *
 * <p>Disk images are copied in 1 MiB chunks; the checksum of a chunk is computed on a second thread
 * while the chunk is compressed and written, which keeps a plain copy near the speed of {@code cp}
 * (SHA-256 alone costs about what {@code cp} does).
 */
final class ArchiveWriter implements AutoCloseable {

    static final int CHUNK = 1 << 20;
    /**
     * Chunks in flight between the copy and the checksum thread: SHA-256 runs at about the speed of a
     * plain copy, so either side may briefly fall behind the other (on a busy host most of all) without
     * stalling it.
     */
    private static final int PIPELINE = 4;

    private final Path target;
    private final Path temp;
    private final FileChannel file;
    private final CountingOutputStream counted;
    private final OutputStream out;
    private final long mtime;
    private final List<Manifest.Item> items = new ArrayList<>();
    private final ExecutorService hasher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "backup-checksum");
        t.setDaemon(true);
        return t;
    });
    private boolean finished;

    ArchiveWriter(Path target, Compression compression, Instant time) throws IOException {
        this.target = target;
        this.temp = target.resolveSibling(target.getFileName() + ArchiveName.TEMP_SUFFIX);
        this.mtime = time.getEpochSecond();
        this.file = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            this.counted = new CountingOutputStream(Channels.newOutputStream(file));
            this.out = compression.compress(new BufferedOutputStream(counted, CHUNK));
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** Bytes written to the file so far (compressed). */
    long written() {
        return counted.count();
    }

    void addBytes(String entry, byte[] data) throws IOException {
        String sum;
        try (Sha256 sha = Checksums.sha256()) {
            sha.update(data);
            sum = Checksums.hex(sha);
        }
        out.write(Tar.header(entry, data.length, mtime));
        out.write(data);
        out.write(new byte[Tar.padding(data.length)]);
        items.add(new Manifest.Item(entry, data.length, sum, "", "", ""));
    }

    /**
     * Copies a disk image into the archive.
     *
     * @param onChunk told the image bytes copied after each chunk
     */
    Manifest.Item addDisk(String entry, Path image, String target, String format, Throttle throttle, AbortCheck abort,
            ChunkListener onChunk) throws IOException, InterruptedException, BackupAborted {
        List<Future<?>> hashing = new ArrayList<>();
        for (int b = 0; b < PIPELINE; b++) {
            hashing.add(done());
        }
        Sha256 digest = Checksums.sha256();
        try (InputStream in = Files.newInputStream(image)) {
            long size = Files.size(image);
            out.write(Tar.header(entry, size, mtime));
            byte[][] buffers = new byte[PIPELINE][CHUNK];
            long copied = 0;
            int i = 0;
            while (copied < size) {
                abort.check();
                await(hashing.get(i));
                byte[] buf = buffers[i];
                int n = in.readNBytes(buf, 0, (int) Math.min(CHUNK, size - copied));
                if (n == 0) {
                    throw new IOException(image + " shrank while being copied (" + copied + " of " + size + " bytes)");
                }
                hashing.set(i, hasher.submit(() -> digest.update(buf, 0, n)));
                out.write(buf, 0, n);
                copied += n;
                throttle.pass(n, abort);
                onChunk.copied(copied);
                i = (i + 1) % PIPELINE;
            }
            for (Future<?> f : hashing) {
                await(f);
            }
            out.write(new byte[Tar.padding(size)]);
            Manifest.Item item = new Manifest.Item(entry, size, Checksums.hex(digest), target, format,
                    image.toString());
            items.add(item);
            return item;
        } finally {
            awaitQuietly(hashing);
            digest.close();
        }
    }

    /** An aborted copy must not free the digest while the checksum thread still works on it. */
    private static void awaitQuietly(List<Future<?>> hashing) {
        for (Future<?> f : hashing) {
            try {
                f.get();
            } catch (ExecutionException | InterruptedException e) {
                // the copy failed already; this only waits for the thread to let go of the digest
            }
        }
    }

    List<Manifest.Item> items() {
        return List.copyOf(items);
    }

    /** Adds the manifest and the end of the tar stream, syncs and renames the file to its final name. */
    void finish(Manifest manifest) throws IOException {
        byte[] m = manifest.bytes();
        out.write(Tar.header(Manifest.ENTRY, m.length, mtime));
        out.write(m);
        out.write(new byte[Tar.padding(m.length) + 2 * Tar.BLOCK]);
        out.close();
        file.force(true);
        file.close();
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        finished = true;
        syncDirectory(target.getParent());
        hasher.shutdown();
    }

    /** Removes the temporary file unless {@link #finish} renamed it. */
    @Override
    public void close() {
        hasher.shutdownNow();
        if (!finished) {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            file.close();
        } catch (IOException e) {
            // the file is being thrown away
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // nothing more can be done; the .tmp name never passes for a backup
        }
    }

    /** The rename is durable only once the directory is synced too. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems refuse to sync a directory; the rename itself is done
        }
    }

    private static Future<?> done() {
        return CompletableFuture.completedFuture(null);
    }

    private static void await(Future<?> f) throws InterruptedException, IOException {
        try {
            f.get();
        } catch (ExecutionException e) {
            throw new IOException("checksum failed: " + e.getCause(), e.getCause());
        }
    }

    /** Progress of one disk. */
    @FunctionalInterface
    interface ChunkListener {
        void copied(long bytes);
    }
}
