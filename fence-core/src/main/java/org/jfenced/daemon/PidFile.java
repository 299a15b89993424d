package org.jfenced.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.jfenced.spi.ConfigException;

/**
 * The pid file that keeps a second daemon from starting: it holds the pid of a live process, or it is
 * stale and replaced. Written atomically so a reader never sees half a number.
 */
public final class PidFile implements AutoCloseable {

    private final Path path;
    private final long pid;

    private PidFile(Path path, long pid) {
        this.path = path;
        this.pid = pid;
    }

    /** Claims {@code path} for this process; fails if it names another live process. */
    public static PidFile claim(Path path) throws ConfigException {
        long me = ProcessHandle.current().pid();
        Optional<Long> other = readPid(path);
        if (other.isPresent() && other.get() != me && ProcessHandle.of(other.get()).map(ProcessHandle::isAlive).orElse(false)) {
            throw new ConfigException("another daemon (pid " + other.get() + ") runs with pid file " + path
                    + "; stop it first or use -p to choose another pid file");
        }
        try {
            Path parent = path.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, path.getFileName().toString(), ".tmp");
            Files.writeString(tmp, me + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ConfigException("cannot write pid file " + path + ": " + e, e);
        }
        return new PidFile(path, me);
    }

    static Optional<Long> readPid(Path path) {
        try {
            return Optional.of(Long.parseLong(Files.readString(path, StandardCharsets.US_ASCII).trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Removes the file if it still names this process (a successor may have replaced it). */
    @Override
    public void close() {
        if (readPid(path).orElse(-1L) == pid) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // nothing left to do at shutdown; the next start treats the file as stale
            }
        }
    }
}
