package org.jfenced.backend.cpg;

import java.util.List;
import org.jfenced.spi.BackendFactory;
import org.jfenced.spi.FencePlugin;

/** The plugin jar's entry point: offers backend {@code cpg}. */
public final class CpgPlugin implements FencePlugin {

    @Override
    public List<BackendFactory> backends() {
        return List.of(new CpgBackendFactory());
    }
}
