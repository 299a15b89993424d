package org.jfenced.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The key as fence_xvm and fence_virt read it: the file's raw bytes, at most 4096 of them. */
final class KeyMaterial {

    private static final int MAX_KEY_LEN = 4096;

    private KeyMaterial() {
    }

    static byte[] read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] key = in.readNBytes(MAX_KEY_LEN);
            if (key.length == 0) {
                throw new IOException("key file " + file + " is empty");
            }
            return key;
        }
    }
}
