package org.jfenced.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret files are made private at start-up, as fence_virtd does since fence-agents 4.12. */
class FilePermissionsTest {

    @TempDir
    Path dir;

    private Path file(String name, String mode) throws IOException {
        Path file = Files.writeString(dir.resolve(name), "not logged\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void aWorldReadableFileIsTightenedTo0600WithAWarning() throws Exception {
        Path key = file("fence_xvm.key", "rw-r--r--");

        try (LogCapture log = new LogCapture(FilePermissions.class)) {
            FilePermissions.requirePrivate(key, "key file");

            assertEquals("rw-------", mode(key));
            assertEquals(List.of("Insecure permissions on key file " + key + ": changing from 0644 to 0600"),
                    log.warnings());
        }
    }

    @Test
    void anyGroupOrOtherBitIsTooMuch() throws Exception {
        for (String m : List.of("rw-r-----", "rw----r--", "rw-----w-", "rw------x", "rwxrwxrwx")) {
            Path f = file("f", m);
            FilePermissions.requirePrivate(f, "configuration file");
            assertEquals("rw-------", mode(f), m);
        }
    }

    @Test
    void theWarningShowsTheOldModeInOctal() throws Exception {
        Path conf = file("fence_virt.conf", "rwxrw-r-x");

        try (LogCapture log = new LogCapture(FilePermissions.class)) {
            FilePermissions.requirePrivate(conf, "configuration file");

            assertEquals(List.of("Insecure permissions on configuration file " + conf + ": changing from 0765 to 0600"),
                    log.warnings());
        }
    }

    @Test
    void aFileOnlyItsOwnerCanUseIsLeftAlone() throws Exception {
        for (String m : List.of("rw-------", "r--------", "rwx------")) {
            Path f = file("f", m);
            try (LogCapture log = new LogCapture(FilePermissions.class)) {
                FilePermissions.requirePrivate(f, "key file");

                assertEquals(m, mode(f));
                assertEquals(List.of(), log.all());
            }
        }
    }

    @Test
    void aSymbolicLinkIsFollowed() throws Exception {
        Path target = file("real.key", "rw-r--r--");
        Path link = Files.createSymbolicLink(dir.resolve("link.key"), target);

        FilePermissions.requirePrivate(link, "key file");

        assertEquals("rw-------", mode(target));
    }

    @Test
    void aMissingFileIsAnError() {
        Path missing = dir.resolve("fence_xvm.key");

        ConfigException e = assertThrows(ConfigException.class,
                () -> FilePermissions.requirePrivate(missing, "key file"));
        assertEquals("key file " + missing + " does not exist", e.getMessage());
    }

    @Test
    void aDirectoryIsAnError() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("keys"));

        ConfigException e = assertThrows(ConfigException.class,
                () -> FilePermissions.requirePrivate(sub, "key file"));
        assertEquals("key file " + sub + " is not a regular file", e.getMessage());
    }
}
