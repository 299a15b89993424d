package org.jfenced.spi;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A plugin's block given as key-value pairs (the last value of a key wins), for tests of how plugins read
 * their settings; {@link #invalid} names the key the way the daemon's messages do. It remembers every key
 * asked for, so that a test can compare what a plugin reads with what it declares ({@link DeclaredKeys}).
 */
public final class FakeConfigSection implements ConfigSection {

    private final String path;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> asked = new LinkedHashSet<>();

    /** The block at {@code path}, such as {@code backends/libvirt}, with {@code keysAndValues} in pairs. */
    public FakeConfigSection(String path, String... keysAndValues) {
        this.path = path;
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String source() {
        return "test";
    }

    @Override
    public Optional<String> get(String key) {
        asked.add(key);
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public List<String> getAll(String key) {
        return get(key).stream().toList();
    }

    /** Every key asked for with {@link #get} or {@link #getAll} (and so the typed getters), in order. */
    public Set<String> askedKeys() {
        return Set.copyOf(asked);
    }

    @Override
    public ConfigSection section(String name) {
        return new FakeConfigSection(path + "/" + name);
    }

    @Override
    public List<ConfigSection> sections(String name) {
        return List.of();
    }

    @Override
    public boolean exists() {
        return true;
    }

    @Override
    public ConfigException invalid(String key, String problem) {
        return new ConfigException(path + "/@" + key + ": " + problem);
    }
}
