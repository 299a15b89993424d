package org.jfenced.journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jfenced.admin.api.Instances;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigKey;
import org.jfenced.spi.ConfigSection;

/**
 * Where the journal lives and when it is rotated: the {@code journal_*} keys of the {@code fence_virtd} block.
 *
 * @param dir the directory of the journal files
 * @param name the instance's name (the pid file's, {@code jfenced} by default): the journal is {@code NAME.jsonl}
 * @param maxBytes the current file is rotated once it is this large
 * @param maxAge the current file is rotated once its first entry is this old
 * @param keep how many rotated files are kept; older ones are deleted
 */
public record JournalSettings(Path dir, String name, long maxBytes, Duration maxAge, int keep) {

    public static final String DEFAULT_DIR = "/var/lib/jfenced";
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,12})\\s*([kmg]?)i?b?", Pattern.CASE_INSENSITIVE);
    private static final Pattern AGE = Pattern.compile("([0-9]{1,9})\\s*([smhd]?)", Pattern.CASE_INSENSITIVE);

    /** The keys, for the daemon's declarations (jfenced.conf(5) and the unknown-key check). */
    public static final List<ConfigKey> KEYS = List.of(
            new ConfigKey("journal_dir", DEFAULT_DIR, "The directory of the fence journal, NAME.jsonl for the pid file"
                    + " NAME.pid (jfenced.jsonl by default): every request, administrator's fence, confirm-down and"
                    + " self-fence, one JSON line each; off, on and reboot are on disk before they are answered."),
            new ConfigKey("journal_max_size", "16M", "The journal file is rotated when it reaches this size (bytes, or"
                    + " with K, M or G)."),
            new ConfigKey("journal_max_age", "7d", "The journal file is rotated when its first entry is this old"
                    + " (seconds, or with s, m, h or d)."),
            new ConfigKey("journal_keep", "10", "How many rotated journal files are kept; older ones are deleted."));

    /** The settings of {@code daemon} for the daemon started with {@code -p pidFile}. */
    public static JournalSettings from(ConfigSection daemon, Path pidFile) throws ConfigException {
        String dirValue = daemon.get("journal_dir").map(String::trim).orElse(DEFAULT_DIR);
        Path dir = Path.of(dirValue);
        if (dirValue.isEmpty() || !dir.isAbsolute()) {
            throw daemon.invalid("journal_dir", "expected an absolute path, got \"" + dirValue + '"');
        }
        long maxBytes = size(daemon, "journal_max_size", "16M");
        Duration maxAge = age(daemon, "journal_max_age", "7d");
        String keepValue = daemon.get("journal_keep", "10").trim();
        if (!keepValue.matches("[0-9]{1,6}")) {
            throw daemon.invalid("journal_keep", "expected a number of files, got \"" + keepValue + '"');
        }
        return new JournalSettings(dir, Instances.ofPidFile(pidFile), maxBytes, maxAge, Integer.parseInt(keepValue));
    }

    /** The file being written. */
    public Path current() {
        return dir.resolve(name + ".jsonl");
    }

    private static long size(ConfigSection daemon, String key, String fallback) throws ConfigException {
        String v = daemon.get(key, fallback).trim();
        Matcher m = SIZE.matcher(v);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw daemon.invalid(key, "expected a size such as 16M, got \"" + v + '"');
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    private static Duration age(ConfigSection daemon, String key, String fallback) throws ConfigException {
        String v = daemon.get(key, fallback).trim();
        Matcher m = AGE.matcher(v);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw daemon.invalid(key, "expected an age such as 7d or 12h, got \"" + v + '"');
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** The settings as a sentence, for the start-up log. */
    @Override
    public String toString() {
        return current() + " (rotated at " + maxBytes + " bytes or " + maxAge.toHours() + " h, " + keep + " kept)";
    }
}
