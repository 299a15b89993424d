package org.jfenced.spi;

import java.util.List;
import java.util.Optional;

/**
 * A read-only view of one block of fence_virt.conf. Names are case-insensitive. When a key is given
 * more than once, {@link #get} returns the last occurrence (as fence_virtd does) and {@link #getAll}
 * returns every occurrence in file order.
 *
 * <p>The daemon warns about keys no plugin read, so a plugin should read every key it supports.
 */
public interface ConfigSection {

    /** The block's path, such as {@code listeners/tcp}. */
    String path();

    /** The file this block came from, or a description of where it came from. */
    String source();

    /** The last value of {@code key}. */
    Optional<String> get(String key);

    /** Every value of {@code key}, in file order. */
    List<String> getAll(String key);

    /** The last child block called {@code name}; an empty section (never absent) when there is none. */
    ConfigSection section(String name);

    /** Every child block called {@code name}, in file order. */
    List<ConfigSection> sections(String name);

    /** Whether the block exists in the file at all. */
    boolean exists();

    /**
     * An error about {@code key} that names the file, the line of the key's last occurrence (or of
     * the block when the key is absent), the key and {@code problem}.
     */
    ConfigException invalid(String key, String problem);

    default String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /** The value of {@code key} as a whole number within the given bounds. */
    default long getLong(String key, long defaultValue, long min, long max) throws ConfigException {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        long n;
        try {
            n = Long.parseLong(v.get().trim());
        } catch (NumberFormatException e) {
            throw invalid(key, "expected a whole number, got \"" + v.get() + '"');
        }
        if (n < min || n > max) {
            throw invalid(key, "expected a number from " + min + " to " + max + ", got " + n);
        }
        return n;
    }

    /** The value of {@code key} as one of {@code allowed}, compared case-insensitively; returned in lower case. */
    default String getChoice(String key, String defaultValue, String... allowed) throws ConfigException {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v.get().trim())) {
                return a;
            }
        }
        throw invalid(key, "expected one of " + String.join(", ", allowed) + ", got \"" + v.get() + '"');
    }
}
