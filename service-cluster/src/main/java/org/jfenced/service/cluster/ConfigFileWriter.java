package org.jfenced.service.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Replaces a file so that corosync, and any node it is copied to, sees the old content or the new, never a
 * mix, even after a crash: the new content goes to a temporary file in the same directory and is fsynced,
 * the current file is copied into the backup directory, the temporary file is renamed over the target and
 * the directory is fsynced. Whatever fails before the rename leaves the target as it was. Only the newest
 * {@code keep} backups stay.
 */
final class ConfigFileWriter {

    /** The rename step, replaceable so that tests can fail it. */
    @FunctionalInterface
    interface Rename {
        void move(Path from, Path to) throws IOException;
    }

    static final Rename ATOMIC_RENAME = (from, to) -> Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);

    private static final Set<PosixFilePermission> NEW_FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern BACKUP_SUFFIX = Pattern.compile("(\\d{8}T\\d{6}\\.\\d{3}Z)(?:\\.(\\d+))?");

    private final Path backupDir;
    private final int keep;
    private final Clock clock;
    private final Rename rename;

    ConfigFileWriter(Path backupDir, int keep, Clock clock, Rename rename) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least one backup, not " + keep);
        }
        this.backupDir = backupDir;
        this.keep = keep;
        this.clock = clock;
        this.rename = rename;
    }

    /** Writes {@code content} to {@code target}; returns the backup of the previous file, or null when there was none. */
    Path replace(Path target, String content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Set<PosixFilePermission> mode = Files.exists(target) ? Files.getPosixFilePermissions(target) : NEW_FILE_MODE;
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        Path backup = null;
        try {
            Files.setPosixFilePermissions(tmp, mode);
            writeSynced(tmp, content.getBytes(StandardCharsets.UTF_8));
            if (Files.exists(target)) {
                backup = backup(target);
            }
            rename.move(tmp, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        syncDirectory(dir);
        rotate(target.getFileName().toString());
        return backup;
    }

    /** The backups of {@code target}, oldest first. */
    List<Path> backups(Path target) throws IOException {
        String prefix = target.getFileName() + ".";
        if (!Files.isDirectory(backupDir)) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(backupDir)) {
            files.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .filter(p -> BACKUP_SUFFIX.matcher(suffix(p, prefix)).matches())
                    .forEach(found::add);
        }
        found.sort(Comparator.comparing((Path p) -> stamp(p, prefix)).thenComparingInt(p -> sequence(p, prefix)));
        return found;
    }

    private Path backup(Path target) throws IOException {
        Files.createDirectories(backupDir);
        String base = target.getFileName() + "." + STAMP.format(clock.instant());
        Path backup = backupDir.resolve(base);
        for (int n = 1; Files.exists(backup); n++) {
            backup = backupDir.resolve(base + "." + n);
        }
        Path tmp = Files.createTempFile(backupDir, ".backup.", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
            writeSynced(tmp, Files.readAllBytes(target));
            Files.move(tmp, backup, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        syncDirectory(backupDir);
        return backup;
    }

    private void rotate(String fileName) throws IOException {
        List<Path> all = backups(backupDir.resolve(fileName));
        for (Path old : all.subList(0, Math.max(0, all.size() - keep))) {
            Files.deleteIfExists(old);
        }
    }

    private static String suffix(Path p, String prefix) {
        return p.getFileName().toString().substring(prefix.length());
    }

    private static String stamp(Path p, String prefix) {
        Matcher m = BACKUP_SUFFIX.matcher(suffix(p, prefix));
        return m.matches() ? m.group(1) : "";
    }

    private static int sequence(Path p, String prefix) {
        Matcher m = BACKUP_SUFFIX.matcher(suffix(p, prefix));
        return m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 0;
    }

    static void writeSynced(Path file, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(content);
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        }
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
