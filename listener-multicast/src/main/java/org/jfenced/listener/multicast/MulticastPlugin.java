package org.jfenced.listener.multicast;

import java.util.List;
import org.jfenced.spi.FencePlugin;
import org.jfenced.spi.ListenerFactory;

/** Registers listener {@code multicast}. */
public final class MulticastPlugin implements FencePlugin {
    @Override
    public List<ListenerFactory> listeners() {
        return List.of(new MulticastListenerFactory());
    }
}
