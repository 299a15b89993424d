package org.jfenced.plugin;

import org.jfenced.spi.PluginFactory;

/**
 * A factory found on the class path or in the plugins directory.
 *
 * @param origin the jar or directory it came from
 */
public record DiscoveredPlugin(PluginKind kind, PluginFactory<?> factory, String origin) {

    public String name() {
        return factory.name();
    }

    public String version() {
        return factory.version();
    }
}
