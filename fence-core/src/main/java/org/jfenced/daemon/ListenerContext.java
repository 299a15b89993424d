package org.jfenced.daemon;

import java.nio.file.Path;
import java.util.Optional;
import org.jfenced.spi.AdminRegistry;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.FenceObserver;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.PluginContext;
import org.jfenced.spi.RequestDispatcher;

/** The daemon's context as one listener gets it: everything shared, except the request path, which is its own. */
final class ListenerContext implements PluginContext {

    private final PluginContext daemon;
    private final RequestDispatcher dispatcher;

    ListenerContext(PluginContext daemon, RequestDispatcher dispatcher) {
        this.daemon = daemon;
        this.dispatcher = dispatcher;
    }

    @Override
    public RequestDispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public Path configFile() {
        return daemon.configFile();
    }

    @Override
    public Optional<String> daemonSetting(String key) {
        return daemon.daemonSetting(key);
    }

    @Override
    public AdminRegistry admin() {
        return daemon.admin();
    }

    @Override
    public Optional<FenceBackend> backend() {
        return daemon.backend();
    }

    @Override
    public void observeFences(FenceObserver observer) {
        daemon.observeFences(observer);
    }

    @Override
    public void announcePowerAction(FenceRequest request) {
        daemon.announcePowerAction(request);
    }
}
