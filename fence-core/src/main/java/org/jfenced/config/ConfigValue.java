package org.jfenced.config;

/** One {@code name = "value";} line, remembered with its place and whether anyone asked for it. */
final class ConfigValue {

    final String name;
    final String value;
    final int line;
    /** Plugins may be created on several threads; a flag only ever goes from false to true. */
    volatile boolean read;

    ConfigValue(String name, String value, int line) {
        this.name = name;
        this.value = value;
        this.line = line;
    }
}
