package org.jfenced.listener.tcp;

import java.util.List;
import org.jfenced.spi.FencePlugin;
import org.jfenced.spi.ListenerFactory;

/** Registers listener {@code tcp}. */
public final class TcpPlugin implements FencePlugin {
    @Override
    public List<ListenerFactory> listeners() {
        return List.of(new TcpListenerFactory());
    }
}
