package org.jfenced.backend.libvirt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigSection;

/** A {@code backends/libvirt} block given as key-value pairs; {@link #invalid} names the key like the daemon's. */
final class FakeConfigSection implements ConfigSection {

    private final Map<String, String> values = new LinkedHashMap<>();

    FakeConfigSection(String... keysAndValues) {
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
    }

    @Override
    public String path() {
        return "backends/libvirt";
    }

    @Override
    public String source() {
        return "test";
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public List<String> getAll(String key) {
        return get(key).stream().toList();
    }

    @Override
    public ConfigSection section(String name) {
        return new FakeConfigSection();
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
        return new ConfigException("test: backends/libvirt/@" + key + ": " + problem);
    }
}
