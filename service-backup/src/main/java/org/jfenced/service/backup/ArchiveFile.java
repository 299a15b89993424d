package org.jfenced.service.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file an archive is written to, counting what reaches it and putting it on the disk as it grows
 * ({@link EarlyWriteback}). Disk chunks come in the copy's direct buffers and go to the file as they are;
 * a heap array would be copied into a direct buffer by the JDK first, one more pass over every byte of
 * the disk. Everything else (tar headers, the compressor's output) comes through {@link #stream()}.
 */
final class ArchiveFile implements AutoCloseable {

    /**
     * Each early sync costs a journal commit and a cache flush of the device, so not too often; the final
     * sync has at most about this much left (measured on a 1 GiB archive: BENCHMARKS.md).
     */
    static final long WRITEBACK_EVERY = 64L << 20;

    private final FileChannel channel;
    private final EarlyWriteback writeback;
    private volatile long written;

    private ArchiveFile(FileChannel channel) {
        this.channel = channel;
        this.writeback = new EarlyWriteback(() -> channel.force(false), WRITEBACK_EVERY);
    }

    /** Creates {@code path}, which must not exist. */
    static ArchiveFile create(Path path) throws IOException {
        return new ArchiveFile(FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    /** Writes {@code data} from its position to its limit. */
    void write(ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            written += channel.write(data);
        }
        writeback.written(written);
    }

    /** The same file as a stream; closing the stream leaves the file open, to be synced. */
    OutputStream stream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                ArchiveFile.this.write(ByteBuffer.wrap(new byte[] {(byte) b}));
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ArchiveFile.this.write(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    /** Bytes written so far. */
    long written() {
        return written;
    }

    void sync() throws IOException {
        writeback.finish();
        channel.force(true);
    }

    @Override
    public void close() throws IOException {
        writeback.close();
        channel.close();
    }
}
