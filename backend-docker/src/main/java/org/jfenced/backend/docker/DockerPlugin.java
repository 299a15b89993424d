package org.jfenced.backend.docker;

import java.util.List;
import org.jfenced.spi.BackendFactory;
import org.jfenced.spi.FencePlugin;

/** The plugin jar's entry point: offers backend {@code docker}. */
public final class DockerPlugin implements FencePlugin {

    @Override
    public List<BackendFactory> backends() {
        return List.of(new DockerBackendFactory());
    }
}
