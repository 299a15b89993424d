package org.jfenced.xvm.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.FilePermissions;
import org.jfenced.spi.IoErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the shared secret of fence_xvm / fence_virt. The key is the file's raw bytes, a trailing
 * newline included, because that is what the clients hash. There are no KeyFile instances, so
 * nothing here can end up printing a key; messages name the file, never its contents.
 */
public final class KeyFile {

    /** fence_virtd reads at most this many bytes of the file (MAX_KEY_LEN) and ignores the rest. */
    public static final int MAX_KEY_LEN = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(KeyFile.class);

    private KeyFile() {
    }

    /** The key: the first {@value #MAX_KEY_LEN} bytes of {@code file}, after making the file private. */
    public static byte[] read(Path file) throws ConfigException {
        FilePermissions.requirePrivate(file, "key file");
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            // one byte more than we keep tells us whether anything was cut off
            head = in.readNBytes(MAX_KEY_LEN + 1);
        } catch (IOException e) {
            throw new ConfigException("cannot read key file " + file + ": " + IoErrors.reason(e), e);
        }
        if (head.length == 0) {
            throw new ConfigException("key file " + file + " is empty");
        }
        if (head.length > MAX_KEY_LEN) {
            LOG.warn("Key file {} is longer than {} bytes; only the first {} are used, as fence_virtd does",
                    file, MAX_KEY_LEN, MAX_KEY_LEN);
            return Arrays.copyOf(head, MAX_KEY_LEN);
        }
        return head;
    }
}
