package org.jfenced.service.backup;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** How an archive's tar stream is compressed; the file name's suffix says which. */
enum Compression {
    NONE(""),
    GZIP(".gz"),
    ZSTD(".zst");

    /** zstd's own default level: the speed the zstd command has without options, which the benchmark compares. */
    private static final int ZSTD_LEVEL = 3;
    /** gzip -6, the gzip command's default. */
    private static final int GZIP_BUFFER = 1 << 16;

    private final String suffix;

    Compression(String suffix) {
        this.suffix = suffix;
    }

    String suffix() {
        return suffix;
    }

    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Compression parse(String word) {
        for (Compression c : values()) {
            if (c.word().equalsIgnoreCase(word.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression \"" + word + "\": expected none, gzip or zstd");
    }

    static Compression ofSuffix(String suffix) {
        for (Compression c : values()) {
            if (c.suffix.equals(suffix)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown archive suffix \"" + suffix + "\"");
    }

    OutputStream compress(OutputStream out) throws IOException {
        switch (this) {
            case GZIP:
                return new GZIPOutputStream(out, GZIP_BUFFER);
            case ZSTD:
                return new ZstdOutputStream(out, ZSTD_LEVEL);
            default:
                return out;
        }
    }

    InputStream decompress(InputStream in) throws IOException {
        switch (this) {
            case GZIP:
                return new GZIPInputStream(in, GZIP_BUFFER);
            case ZSTD:
                return new ZstdInputStream(in);
            default:
                return in;
        }
    }
}
