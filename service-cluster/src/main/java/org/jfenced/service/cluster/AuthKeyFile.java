package org.jfenced.service.cluster;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * corosync's shared key, as {@code corosync-keygen} makes it: 256 random bytes, readable by root alone. An
 * existing key is never replaced: nodes with different keys cannot talk, so overwriting one by mistake
 * splits the cluster.
 */
final class AuthKeyFile {

    /** corosync-keygen's default size; corosync takes 128 to 4096 bytes. */
    static final int KEY_BYTES = 256;

    private AuthKeyFile() {
    }

    /**
     * Writes a new key to {@code file}: into a temporary file first, then linked to its name, which fails if
     * the name exists — so a crash never leaves half a key and a concurrent keygen never loses its race silently.
     */
    static void generate(Path file, SecureRandom random) throws ClusterConfigException, IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ClusterConfigException(file + " exists already; a cluster keeps its key (delete the file"
                    + " first to make a new one, then copy it to every node)");
        }
        if (!Files.isDirectory(dir)) {
            throw new ClusterConfigException("directory " + dir + " does not exist");
        }
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            ConfigFileWriter.writeSynced(tmp, key);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r--------"));
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException e) {
            throw new ClusterConfigException(file + " exists already; a cluster keeps its key");
        } finally {
            Files.deleteIfExists(tmp);
        }
        ConfigFileWriter.syncDirectory(dir);
    }
}
