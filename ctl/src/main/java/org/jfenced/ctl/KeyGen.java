package org.jfenced.ctl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;

/**
 * {@code jfencectl keygen [--force] [FILE]}: the key fence_xvm, fence_virt and the daemon share, as
 * {@code dd if=/dev/urandom of=FILE bs=4k count=1} makes it, but never half written and never readable
 * by anyone but its owner. It runs here, without a daemon: the key is needed before there is one.
 */
final class KeyGen {

    static final Path DEFAULT_FILE = Path.of("/etc/cluster/fence_xvm.key");
    static final int KEY_BYTES = 4096;
    static final String USAGE = "keygen [--force] [FILE]";

    private final SecureRandom random;

    KeyGen(SecureRandom random) {
        this.random = random;
    }

    /**
     * Writes a new key; the message for the operator.
     *
     * @param args what followed {@code keygen} on the command line
     * @throws CtlException with exit code {@link ExitCodes#USAGE} for bad arguments, 1 when the file exists
     *     (without {@code --force}) or cannot be written
     */
    String run(List<String> args) throws CtlException {
        boolean force = args.contains("--force");
        List<String> files = args.stream().filter(a -> !a.equals("--force")).toList();
        if (files.size() > 1 || files.stream().anyMatch(f -> f.startsWith("-"))) {
            throw new CtlException(ExitCodes.USAGE, "usage: jfencectl " + USAGE);
        }
        Path file = files.isEmpty() ? DEFAULT_FILE : Path.of(files.get(0));
        try {
            write(file.toAbsolutePath(), force);
        } catch (FileAlreadyExistsException e) {
            throw new CtlException(1, file + " exists already; every host and guest must hold the same key, so it"
                    + " stays (--force replaces it)");
        } catch (IOException e) {
            throw new CtlException(1, "cannot write " + file + ": " + e);
        }
        return "wrote a new " + KEY_BYTES + "-byte key to " + file + " (mode 0600); copy it to every host and guest"
                + " of the cluster over a secure channel\n";
    }

    /** A temporary file, synced, then linked to the name (which fails if it exists) or renamed over it. */
    private void write(Path file, boolean force) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            byte[] key = new byte[KEY_BYTES];
            random.nextBytes(key);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(key);
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            if (force) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.createLink(file, tmp);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
