package org.jfenced.journal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The files of one instance's journal: {@code NAME.jsonl} being written, and the rotated ones,
 * {@code NAME-20261206T152400.123Z.jsonl}, named by when they were rotated so that their names sort
 * in time order.
 */
final class JournalFiles {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path dir;
    private final String name;
    private final Pattern rotated;

    JournalFiles(Path dir, String name) {
        this.dir = dir;
        this.name = name;
        this.rotated = Pattern.compile(Pattern.quote(name) + "-[0-9]{8}T[0-9]{6}\\.[0-9]{3}Z\\.jsonl");
    }

    Path current() {
        return dir.resolve(name + ".jsonl");
    }

    Path lock() {
        return dir.resolve(name + ".lock");
    }

    /**
     * A new name for the current file rotated at {@code now}, never one that exists: a millisecond later
     * when that one does, so that the names still sort in rotation order.
     */
    Path rotatedName(Instant now) {
        Path p = dir.resolve(name + "-" + STAMP.format(now) + ".jsonl");
        for (int i = 1; Files.exists(p); i++) {
            p = dir.resolve(name + "-" + STAMP.format(now.plusMillis(i)) + ".jsonl");
        }
        return p;
    }

    /** The rotated files, oldest first. */
    List<Path> rotatedFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (rotated.matcher(p.getFileName().toString()).matches()) {
                    files.add(p);
                }
            }
        }
        files.sort(null);
        return files;
    }

    /** Every file, oldest first: the rotated ones, then the current one if it exists. */
    List<Path> all() throws IOException {
        List<Path> files = rotatedFiles();
        if (Files.exists(current())) {
            files.add(current());
        }
        return files;
    }
}
