package org.jfenced.xvm.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.FilePermissions;
import org.jfenced.spi.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key is the file's raw bytes, at most 4096 of them, as the clients hash it. */
class KeyFileTest {

    @TempDir
    Path dir;

    private Path key(byte[] content) throws IOException {
        Path file = Files.write(dir.resolve("fence_xvm.key"), content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void theTrailingNewlineIsPartOfTheKey() throws Exception {
        Path file = key("secret\n".getBytes(StandardCharsets.US_ASCII));

        assertArrayEquals("secret\n".getBytes(StandardCharsets.US_ASCII), KeyFile.read(file));
    }

    @Test
    void everyByteValueIsKeptAsIs() throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }

        assertArrayEquals(all, KeyFile.read(key(all)));
    }

    @Test
    void aLongerKeyIsCutAt4096BytesWithAWarning() throws Exception {
        byte[] content = new byte[5000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) ('a' + i % 26);
        }
        Path file = key(content);

        try (LogCapture log = new LogCapture(KeyFile.class)) {
            byte[] read = KeyFile.read(file);

            assertEquals(4096, read.length);
            assertArrayEquals(Arrays.copyOf(content, 4096), read);
            assertEquals(List.of("Key file " + file + " is longer than 4096 bytes; only the first 4096 are used,"
                    + " as fence_virtd does"), log.warnings());
        }
    }

    @Test
    void exactly4096BytesAreReadWhole() throws Exception {
        byte[] content = new byte[KeyFile.MAX_KEY_LEN];
        Arrays.fill(content, (byte) 'k');

        try (LogCapture log = new LogCapture(KeyFile.class)) {
            assertArrayEquals(content, KeyFile.read(key(content)));
            assertEquals(List.of(), log.warnings());
        }
    }

    @Test
    void anEmptyKeyIsAnError() throws IOException {
        Path file = key(new byte[0]);

        ConfigException e = assertThrows(ConfigException.class, () -> KeyFile.read(file));
        assertEquals("key file " + file + " is empty", e.getMessage());
    }

    @Test
    void aMissingKeyIsAnError() {
        Path file = dir.resolve("fence_xvm.key");

        ConfigException e = assertThrows(ConfigException.class, () -> KeyFile.read(file));
        assertEquals("key file " + file + " does not exist", e.getMessage());
    }

    @Test
    void anExposedKeyIsMadePrivateBeforeUseAndItsContentIsNeverLogged() throws Exception {
        Path file = key("top-secret-key\n".getBytes(StandardCharsets.US_ASCII));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));

        try (LogCapture perms = new LogCapture(FilePermissions.class);
                LogCapture keys = new LogCapture(KeyFile.class)) {
            byte[] read = KeyFile.read(file);

            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(List.of("Insecure permissions on key file " + file + ": changing from 0664 to 0600"),
                    perms.warnings());
            for (String message : List.of(String.join("\n", perms.all()), String.join("\n", keys.all()),
                    Arrays.toString(read).replace(", ", ""), read.toString())) {
                assertFalse(message.contains("top-secret"), message);
            }
        }
    }
}
