package org.jfenced.backend.libvirt;

import java.util.List;
import org.jfenced.spi.BackendFactory;
import org.jfenced.spi.FencePlugin;

/** The plugin jar's entry point: offers backend {@code libvirt}. */
public final class LibvirtPlugin implements FencePlugin {

    @Override
    public List<BackendFactory> backends() {
        return List.of(new LibvirtBackendFactory());
    }
}
