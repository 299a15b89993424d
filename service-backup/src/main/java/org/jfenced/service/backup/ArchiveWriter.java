package org.jfenced.service.backup;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one archive: a tar stream, compressed, into {@code NAME.tmp} beside the final name; the
 * entries are added one by one, each with its SHA-256, and {@link #finish} adds the manifest, syncs the
 * file and renames it into place. Closing an archive that was not finished removes the temporary file,
 * so an aborted or failed backup leaves nothing behind.
 *
 * <p>Disk images are copied in 1 MiB chunks through direct buffers, checksummed on a second thread
 * while they are written ({@link ChecksumPipeline}), and the file goes to the disk as it grows
 * ({@link ArchiveFile}). Without compression a chunk goes from the buffer it was read into straight to
 * the file, so each byte is copied once into memory and once out, as {@code cp} does with a buffer. The
 * three overlap: the copy, the checksum and the disk's writing (BENCHMARKS.md, backup throughput).
 */
final class ArchiveWriter implements AutoCloseable {

    static final int CHUNK = 1 << 20;
    /** Chunks that may wait for their checksum; see {@link ChecksumPipeline}. */
    private static final int PIPELINE = 4;

    private final Path target;
    private final Path temp;
    private final ArchiveFile file;
    private final OutputStream out;
    private final boolean plain;
    private final long mtime;
    private final List<Manifest.Item> items = new ArrayList<>();
    /** A compressor takes arrays: the chunks are copied into this one on their way to it. */
    private byte[] scratch;
    private boolean finished;

    ArchiveWriter(Path target, Compression compression, Instant time) throws IOException {
        this.target = target;
        this.temp = target.resolveSibling(target.getFileName() + ArchiveName.TEMP_SUFFIX);
        this.mtime = time.getEpochSecond();
        this.plain = compression == Compression.NONE;
        this.file = ArchiveFile.create(temp);
        try {
            // unbuffered when plain: disk chunks bypass the stream, and must come after what it was given
            this.out = plain ? file.stream() : compression.compress(new BufferedOutputStream(file.stream(), CHUNK));
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** Bytes written to the file so far (compressed). */
    long written() {
        return file.written();
    }

    void addBytes(String entry, byte[] data) throws IOException {
        MessageDigest digest = Checksums.sha256();
        digest.update(data);
        out.write(Tar.header(entry, data.length, mtime));
        out.write(data);
        out.write(new byte[Tar.padding(data.length)]);
        items.add(new Manifest.Item(entry, data.length, Checksums.hex(digest), "", "", ""));
    }

    /**
     * Copies a disk image into the archive.
     *
     * @param onChunk told the image bytes copied after each chunk
     */
    Manifest.Item addDisk(String entry, Path image, String target, String format, Throttle throttle, AbortCheck abort,
            ChunkListener onChunk) throws IOException, InterruptedException, BackupAborted {
        try (FileChannel in = FileChannel.open(image, StandardOpenOption.READ);
                ChecksumPipeline checksum = new ChecksumPipeline(PIPELINE, CHUNK)) {
            long size = in.size();
            out.write(Tar.header(entry, size, mtime));
            long copied = 0;
            while (copied < size) {
                abort.check();
                ByteBuffer chunk = checksum.nextBuffer();
                chunk.limit((int) Math.min(CHUNK, size - copied));
                try {
                    readFully(in, chunk);
                } catch (EOFException e) {
                    throw new IOException(image + " shrank while being copied (" + (copied + chunk.position())
                            + " of " + size + " bytes)");
                }
                chunk.flip();
                checksum.add(chunk);
                int n = chunk.remaining();
                writeChunk(chunk);
                copied += n;
                throttle.pass(n, abort);
                onChunk.copied(copied);
            }
            String sum = checksum.finish();
            out.write(new byte[Tar.padding(size)]);
            Manifest.Item item = new Manifest.Item(entry, size, sum, target, format, image.toString());
            items.add(item);
            return item;
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
        file.sync();
        file.close();
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        finished = true;
        syncDirectory(target.getParent());
    }

    /** Removes the temporary file unless {@link #finish} renamed it. */
    @Override
    public void close() {
        if (!finished) {
            closeQuietly();
        }
    }

    /** The chunk from its position to its limit, which it leaves as they are (the checksum reads it too). */
    private void writeChunk(ByteBuffer chunk) throws IOException {
        ByteBuffer view = chunk.duplicate();
        if (plain) {
            file.write(view);
            return;
        }
        if (scratch == null) {
            scratch = new byte[CHUNK];
        }
        int n = view.remaining();
        view.get(scratch, 0, n);
        out.write(scratch, 0, n);
    }

    private static void readFully(FileChannel in, ByteBuffer chunk) throws IOException {
        while (chunk.hasRemaining()) {
            if (in.read(chunk) < 0) {
                throw new EOFException();
            }
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

    /** Progress of one disk. */
    @FunctionalInterface
    interface ChunkListener {
        void copied(long bytes);
    }
}
