package org.jfenced.service.backup;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file name of a backup: {@code jfenced-VM-YYYY_MM_DD-HH_MM_SS.tar[.gz|.zst]}, the time in UTC
 * (vzdump's shape, without its local time, which repeats an hour each autumn). A file being written
 * has {@link #TEMP_SUFFIX} appended, so that nothing half-written ever carries a backup's name.
 *
 * @param vm the VM's name when it was backed up
 * @param time when the backup started, to the second
 */
record ArchiveName(String vm, Instant time, Compression compression) {

    static final String TEMP_SUFFIX = ".tmp";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy_MM_dd-HH_mm_ss");
    private static final Pattern NAME = Pattern.compile(
            "jfenced-(.+)-(\\d{4}_\\d{2}_\\d{2}-\\d{2}_\\d{2}_\\d{2})\\.tar(\\.gz|\\.zst)?");

    ArchiveName {
        time = time.truncatedTo(ChronoUnit.SECONDS);
    }

    String fileName() {
        return "jfenced-" + vm + "-" + STAMP.format(time.atOffset(ZoneOffset.UTC)) + ".tar" + compression.suffix();
    }

    /** The name of a backup file; empty for anything else (temporary files included). */
    static Optional<ArchiveName> parse(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            return Optional.empty();
        }
        Instant time = LocalDateTime.parse(m.group(2), STAMP).toInstant(ZoneOffset.UTC);
        return Optional.of(new ArchiveName(m.group(1), time, Compression.ofSuffix(m.group(3) == null ? "" : m.group(3))));
    }
}
