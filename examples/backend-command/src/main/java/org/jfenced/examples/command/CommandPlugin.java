package org.jfenced.examples.command;

import java.util.List;
import org.jfenced.spi.BackendFactory;
import org.jfenced.spi.FencePlugin;

/** The plugin's entry point, named in META-INF/services/org.jfenced.spi.FencePlugin. */
public final class CommandPlugin implements FencePlugin {

    @Override
    public List<BackendFactory> backends() {
        return List.of(new CommandBackendFactory());
    }
}
