package org.jfenced.spi;

/** Creates the listener named by {@code fence_virtd/@listener}. */
public interface ListenerFactory extends PluginFactory<FenceListener> {
}
