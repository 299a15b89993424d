package org.jfenced.spi;

/** Creates the backend named by {@code fence_virtd/@backend}. */
public interface BackendFactory extends PluginFactory<FenceBackend> {
}
