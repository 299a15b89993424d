package org.jfenced.service.backup;

import java.nio.file.Path;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigSection;

/**
 * {@code services { backup { … } }}: where archives go, how they are compressed, how many are kept,
 * and how fast disks may be read.
 *
 * @param bwlimit bytes per second, 0 for no limit
 */
record BackupSettings(Path storage, Compression compression, RetentionPolicy retention, long bwlimit) {

    static final Path DEFAULT_STORAGE = Path.of("/var/lib/jfenced/backup");

    static BackupSettings from(ConfigSection c) throws ConfigException {
        Path storage = Path.of(c.get("storage", DEFAULT_STORAGE.toString()));
        if (!storage.isAbsolute()) {
            throw c.invalid("storage", "expected an absolute directory, got \"" + storage + "\"");
        }
        Compression compression = Compression.parse(c.getChoice("compress", "zstd", "zstd", "gzip", "none"));
        RetentionPolicy retention = new RetentionPolicy(keep(c, "keep_last"), keep(c, "keep_hourly"),
                keep(c, "keep_daily"), keep(c, "keep_weekly"), keep(c, "keep_monthly"), keep(c, "keep_yearly"));
        long bwlimit;
        try {
            bwlimit = Sizes.parse(c.get("bwlimit", "0"));
        } catch (NumberFormatException | ArithmeticException e) {
            throw c.invalid("bwlimit", "expected bytes per second such as \"100M\" (0: no limit), got \""
                    + c.get("bwlimit", "") + '"');
        }
        return new BackupSettings(storage, compression, retention, bwlimit);
    }

    private static int keep(ConfigSection c, String key) throws ConfigException {
        return (int) c.getLong(key, 0, 0, 100_000);
    }

    BackupSettings withStorage(Path dir) {
        return new BackupSettings(dir, compression, retention, bwlimit);
    }

    BackupSettings withCompression(Compression c) {
        return new BackupSettings(storage, c, retention, bwlimit);
    }
}
