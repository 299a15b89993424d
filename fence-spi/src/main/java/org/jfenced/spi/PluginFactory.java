package org.jfenced.spi;

import java.util.List;

/**
 * Creates one kind of plugin object from its configuration block.
 *
 * @param <T> what the factory creates
 */
public interface PluginFactory<T extends AutoCloseable> {

    /** The name used in fence_virt.conf ({@code libvirt}, {@code tcp}, …); matched case-insensitively. */
    String name();

    /** Shown by {@code jfenced -l}; defaults to the jar manifest's Implementation-Version. */
    default String version() {
        String v = getClass().getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * The keys {@link #create} reads from the plugin's block. The manual page jfenced.conf(5) is generated
     * from them, and the built-in plugins' tests check that every key read is declared and every key
     * declared is read; a plugin that declares none is listed without keys.
     */
    default List<ConfigKey> configKeys() {
        return List.of();
    }

    /**
     * Builds the plugin from its block ({@code listeners/NAME}, {@code backends/NAME} or
     * {@code services/NAME}; an empty section when the block is absent).
     *
     * @throws ConfigException when a value is missing or invalid; use {@link ConfigSection#invalid} so
     *     the message names the file, line and key
     */
    T create(ConfigSection config, PluginContext context) throws ConfigException;
}
