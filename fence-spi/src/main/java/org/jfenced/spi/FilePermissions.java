package org.jfenced.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up check fence_virtd has run on its configuration and key files since fence-agents 4.12
 * (issue #510): the file must exist, and a file others could read is made private before use.
 * Symbolic links are followed, as fence_virtd's stat and chmod do.
 */
public final class FilePermissions {

    private static final Logger LOG = LoggerFactory.getLogger(FilePermissions.class);

    private static final Set<PosixFilePermission> PRIVATE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private FilePermissions() {
    }

    /**
     * Fails unless {@code file} is an existing regular file, and sets it to 0600 when its mode grants
     * anything to group or others. {@code what} names the file in messages, e.g. "key file".
     */
    public static void requirePrivate(Path file, String what) throws ConfigException {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, PosixFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new ConfigException(what + ' ' + file + " does not exist", e);
        } catch (IOException e) {
            throw new ConfigException("cannot check " + what + ' ' + file + ": " + IoErrors.reason(e), e);
        } catch (UnsupportedOperationException e) {
            throw new ConfigException("cannot check " + what + ' ' + file + ": its file system has no POSIX permissions", e);
        }
        if (!attributes.isRegularFile()) {
            throw new ConfigException(what + ' ' + file + " is not a regular file");
        }
        Set<PosixFilePermission> mode = attributes.permissions();
        if (mode.stream().noneMatch(GROUP_OR_OTHERS::contains)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(file, PRIVATE);
        } catch (IOException e) {
            // a secret we cannot protect must not be used
            throw new ConfigException("cannot change the insecure permissions " + octal(mode) + " of " + what + ' '
                    + file + " to 0600: " + IoErrors.reason(e), e);
        }
        LOG.warn("Insecure permissions on {} {}: changing from {} to 0600", what, file, octal(mode));
    }

    /** The mode as chmod shows it, such as 0644. */
    private static String octal(Set<PosixFilePermission> mode) {
        String rwx = PosixFilePermissions.toString(mode);
        int bits = 0;
        for (int i = 0; i < rwx.length(); i++) {
            bits = bits << 1 | (rwx.charAt(i) == '-' ? 0 : 1);
        }
        return String.format("%04o", bits);
    }
}
