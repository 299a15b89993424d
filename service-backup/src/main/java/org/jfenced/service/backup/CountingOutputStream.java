package org.jfenced.service.backup;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Counts what reaches the archive file, for the write rate and the archive's size. Closing it only
 * flushes: the compressor above closes it to end its stream, and the file below must stay open to be
 * synced.
 */
final class CountingOutputStream extends FilterOutputStream {

    private volatile long count;

    CountingOutputStream(OutputStream out) {
        super(out);
    }

    long count() {
        return count;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        count += len;
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
