package org.jfenced.spi;

/** Creates a service; a service runs when its {@code services { NAME { … } }} block exists. */
public interface ServiceFactory extends PluginFactory<FenceService> {
}
