package org.jfenced.listener.serial;

import java.util.List;
import org.jfenced.spi.FencePlugin;
import org.jfenced.spi.ListenerFactory;

/** Registers listener {@code serial}. */
public final class SerialPlugin implements FencePlugin {
    @Override
    public List<ListenerFactory> listeners() {
        return List.of(new SerialListenerFactory());
    }
}
