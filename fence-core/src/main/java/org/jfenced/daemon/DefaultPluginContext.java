package org.jfenced.daemon;

import java.nio.file.Path;
import org.jfenced.spi.AdminRegistry;
import org.jfenced.spi.PluginContext;
import org.jfenced.spi.RequestDispatcher;

/** The backend is created before the dispatcher that needs it, so the dispatcher is set afterwards. */
final class DefaultPluginContext implements PluginContext {

    private final Path configFile;
    private final AdminRegistry admin;
    private volatile RequestDispatcher dispatcher;

    DefaultPluginContext(Path configFile, AdminRegistry admin) {
        this.configFile = configFile;
        this.admin = admin;
    }

    void setDispatcher(RequestDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public RequestDispatcher dispatcher() {
        if (dispatcher == null) {
            throw new IllegalStateException("the dispatcher does not exist yet: backends are created before it");
        }
        return dispatcher;
    }

    @Override
    public Path configFile() {
        return configFile;
    }

    @Override
    public AdminRegistry admin() {
        return admin;
    }
}
