package org.jfenced.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigSection;

/**
 * One block of a parsed fence_virt.conf, or the placeholder for a block the file does not have.
 *
 * <p>Every lookup marks what it found as read, so that {@link FenceConfig#unreadKeys()} can name the
 * keys and blocks nobody understood. Only the occurrence a lookup actually returns is marked: an
 * earlier duplicate that {@link #get} or {@link #section} passes over stays unread and is reported as
 * overridden.
 */
public final class ConfigBlock implements ConfigSection {

    final String name;
    final String blockValue;
    final int line;
    final List<ConfigBlock> blocks = new ArrayList<>();
    final List<ConfigValue> values = new ArrayList<>();
    volatile boolean read;

    private final String path;
    private final String source;
    private final boolean exists;

    private ConfigBlock(String name, String blockValue, String path, String source, int line, boolean exists) {
        this.name = name;
        this.blockValue = blockValue;
        this.path = path;
        this.source = source;
        this.line = line;
        this.exists = exists;
    }

    /** The top level of a file: it has no name, no line and always exists. */
    static ConfigBlock root(String source) {
        ConfigBlock root = new ConfigBlock("", null, "", source, 0, true);
        root.read = true;
        return root;
    }

    /** Adds a block parsed at {@code line}; {@code blockValue} is null for the plain {@code name { }} form. */
    ConfigBlock addBlock(String childName, String childValue, int childLine) {
        ConfigBlock child = new ConfigBlock(childName, childValue, childPath(childName), source, childLine, true);
        blocks.add(child);
        return child;
    }

    void addValue(String key, String value, int valueLine) {
        values.add(new ConfigValue(key, value, valueLine));
    }

    private String childPath(String childName) {
        return path.isEmpty() ? childName : path + '/' + childName;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String source() {
        return source;
    }

    /** The value of a {@code name = "value" { }} block; empty for a plain block and for a missing one. */
    public Optional<String> value() {
        return Optional.ofNullable(blockValue);
    }

    @Override
    public Optional<String> get(String key) {
        ConfigValue last = lastValue(key);
        if (last == null) {
            return Optional.empty();
        }
        last.read = true;
        return Optional.of(last.value);
    }

    @Override
    public List<String> getAll(String key) {
        List<String> all = new ArrayList<>();
        for (ConfigValue v : values) {
            if (v.name.equalsIgnoreCase(key)) {
                v.read = true;
                all.add(v.value);
            }
        }
        return List.copyOf(all);
    }

    @Override
    public ConfigBlock section(String childName) {
        ConfigBlock last = null;
        for (ConfigBlock b : blocks) {
            if (b.name.equalsIgnoreCase(childName)) {
                last = b;
            }
        }
        if (last == null) {
            return new ConfigBlock(childName, null, childPath(childName), source, 0, false);
        }
        last.read = true;
        return last;
    }

    @Override
    public List<ConfigSection> sections(String childName) {
        List<ConfigSection> all = new ArrayList<>();
        for (ConfigBlock b : blocks) {
            if (b.name.equalsIgnoreCase(childName)) {
                b.read = true;
                all.add(b);
            }
        }
        return List.copyOf(all);
    }

    /** The last child block named {@code childName}, added at the end when there is none: for editing. */
    public ConfigBlock editSection(String childName) {
        ConfigBlock last = null;
        for (ConfigBlock b : blocks) {
            if (b.name.equalsIgnoreCase(childName)) {
                last = b;
            }
        }
        return last != null ? last : addBlock(childName, null, 0);
    }

    /**
     * Sets {@code key} to {@code value}, in place of every value it had; an empty {@code value} removes
     * the key.
     *
     * @throws IllegalArgumentException for a value the file format cannot hold (a quote, a line break)
     */
    public void set(String key, Optional<String> value) {
        value.ifPresent(v -> {
            if (v.contains("\"") || v.contains("\n") || v.contains("\r")) {
                throw new IllegalArgumentException("a value cannot contain quotes or line breaks: " + v);
            }
        });
        values.removeIf(v -> v.name.equalsIgnoreCase(key));
        value.ifPresent(v -> addValue(key, v, 0));
    }

    @Override
    public boolean exists() {
        if (exists) {
            read = true;
        }
        return exists;
    }

    @Override
    public ConfigException invalid(String key, String problem) {
        ConfigValue last = lastValue(key);
        String keyPath = keyPath(last == null ? key : last.name);
        int where = last != null ? last.line : line;
        String location = where > 0 ? source + ':' + where : source;
        return new ConfigException(location + ": " + keyPath + ": " + problem);
    }

    /** How messages name a key of this block: {@code listeners/tcp/@port}, or {@code @key} at the top level. */
    String keyPath(String key) {
        return (path.isEmpty() ? "@" : path + "/@") + key;
    }

    private ConfigValue lastValue(String key) {
        ConfigValue last = null;
        for (ConfigValue v : values) {
            if (v.name.equalsIgnoreCase(key)) {
                last = v;
            }
        }
        return last;
    }

    /**
     * What the block says, in a canonical layout (empty for a missing block): two blocks with equal
     * contents configure the same thing, whatever their comments, spacing and line numbers. It marks
     * nothing as read.
     */
    public String contents() {
        return ConfigWriter.dump(this);
    }

    @Override
    public String toString() {
        return "ConfigBlock[" + (path.isEmpty() ? "<top level>" : path) + (exists ? "" : ", missing") + ']';
    }
}
