package org.jfenced.listener.vsock;

import java.util.List;
import org.jfenced.spi.FencePlugin;
import org.jfenced.spi.ListenerFactory;

/** Registers listener {@code vsock}. */
public final class VsockPlugin implements FencePlugin {
    @Override
    public List<ListenerFactory> listeners() {
        return List.of(new VsockListenerFactory());
    }
}
