package org.jfenced.spi;

import java.util.List;

/**
 * The entry point of a plugin jar, found with {@link java.util.ServiceLoader}: list the implementing
 * class in {@code META-INF/services/org.jfenced.spi.FencePlugin}. A plugin offers any number of named
 * factories; the daemon creates only those the configuration names.
 */
public interface FencePlugin {

    default List<BackendFactory> backends() {
        return List.of();
    }

    default List<ListenerFactory> listeners() {
        return List.of();
    }

    default List<ServiceFactory> services() {
        return List.of();
    }
}
