package org.jfenced.service.backup;

import java.nio.file.Path;
import java.util.List;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigKey;
import org.jfenced.spi.ConfigSection;

/**
 * {@code services { backup { … } }}: where archives go, how they are compressed, how many are kept,
 * and how fast disks may be read.
 *
 * @param bwlimit bytes per second, 0 for no limit
 */
record BackupSettings(Path storage, Compression compression, RetentionPolicy retention, long bwlimit) {

    static final Path DEFAULT_STORAGE = Path.of("/var/lib/jfenced/backup");

    /** The keys {@link #from} reads. */
    static final List<ConfigKey> KEYS = List.of(
            new ConfigKey("storage", DEFAULT_STORAGE.toString(), "The directory archives go to (absolute)."),
            new ConfigKey("compress", "zstd", "zstd, gzip or none."),
            keepKey("keep_last", "the newest N archives"),
            keepKey("keep_hourly", "the newest archive of each of the last N hours that have one"),
            keepKey("keep_daily", "the newest archive of each of the last N days that have one"),
            keepKey("keep_weekly", "the newest archive of each of the last N ISO weeks that have one"),
            keepKey("keep_monthly", "the newest archive of each of the last N months that have one"),
            keepKey("keep_yearly", "the newest archive of each of the last N years that have one"),
            new ConfigKey("bwlimit", "0", "Bytes per second read from the disks, with K, M or G; 0 for no limit."));

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

    private static ConfigKey keepKey(String key, String keeps) {
        return new ConfigKey(key, "0", "Retention, as Proxmox's prune-backups: keeps " + keeps
                + " (rules apply in the order last, hourly, daily, weekly, monthly, yearly).");
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
