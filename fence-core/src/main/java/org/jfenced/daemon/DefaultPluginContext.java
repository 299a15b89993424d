package org.jfenced.daemon;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jfenced.spi.AdminRegistry;
import org.jfenced.spi.ConfigSection;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.FenceObserver;
import org.jfenced.spi.PluginContext;
import org.jfenced.spi.RequestDispatcher;

/**
 * The backend is created before the dispatcher that needs it, so the backend and the dispatcher are set
 * afterwards. Observers registered before the dispatcher exists are handed to it when it is set.
 */
final class DefaultPluginContext implements PluginContext {

    private final Path configFile;
    private final ConfigSection daemonBlock;
    private final AdminRegistry admin;
    private final List<FenceObserver> observers = new CopyOnWriteArrayList<>();
    private volatile RequestDispatcher dispatcher;
    private volatile FenceBackend backend;

    DefaultPluginContext(Path configFile, ConfigSection daemonBlock, AdminRegistry admin) {
        this.configFile = configFile;
        this.daemonBlock = daemonBlock;
        this.admin = admin;
    }

    void setDispatcher(RequestDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    void setBackend(FenceBackend backend) {
        this.backend = backend;
    }

    /** What the dispatcher calls before each power action; see {@link FenceObserver}. */
    FenceObserver observers() {
        return request -> observers.forEach(o -> o.beforePowerAction(request));
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
    public Optional<String> daemonSetting(String key) {
        return daemonBlock.get(key);
    }

    @Override
    public AdminRegistry admin() {
        return admin;
    }

    @Override
    public Optional<FenceBackend> backend() {
        return Optional.ofNullable(backend);
    }

    @Override
    public void observeFences(FenceObserver observer) {
        observers.add(observer);
    }
}
