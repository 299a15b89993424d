package org.jfenced.daemon;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jfenced.dispatch.Dispatcher;
import org.jfenced.journal.Journal;
import org.jfenced.journal.JournalEntry;
import org.jfenced.spi.AdminRegistry;
import org.jfenced.spi.ConfigSection;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.FenceObserver;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.PluginContext;
import org.jfenced.spi.RequestDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend is created before the dispatcher that needs it, so the backend and the dispatcher are set
 * afterwards. Observers registered before the dispatcher exists are handed to it when it is set, and a
 * backend's announcements reach the same observers.
 */
final class DefaultPluginContext implements PluginContext {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultPluginContext.class);

    private final Path configFile;
    private final ConfigSection daemonBlock;
    private final AdminRegistry admin;
    private final List<FenceObserver> observers = new CopyOnWriteArrayList<>();
    private volatile RequestDispatcher dispatcher;
    private volatile FenceBackend backend;
    private final Journal journal;

    DefaultPluginContext(Path configFile, ConfigSection daemonBlock, AdminRegistry admin) {
        this(configFile, daemonBlock, admin, Journal.NONE);
    }

    /** @param journal where audited acts go while the dispatcher does not exist yet */
    DefaultPluginContext(Path configFile, ConfigSection daemonBlock, AdminRegistry admin, Journal journal) {
        this.configFile = configFile;
        this.daemonBlock = daemonBlock;
        this.admin = admin;
        this.journal = journal;
    }

    void setDispatcher(RequestDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    void setBackend(FenceBackend backend) {
        this.backend = backend;
    }

    /** What the dispatcher calls before each power action; see {@link FenceObserver}. */
    FenceObserver observers() {
        return this::tellObservers;
    }

    @Override
    public void announcePowerAction(FenceRequest request) {
        if (!request.action().changesPower()) {
            throw new IllegalArgumentException(request + ": only off, on and reboot are announced");
        }
        tellObservers(request);
    }

    /** One observer's failure neither stops the fence nor keeps the others from hearing of it. */
    private void tellObservers(FenceRequest request) {
        for (FenceObserver o : observers) {
            try {
                o.beforePowerAction(request);
            } catch (RuntimeException e) {
                LOG.warn("{}: a fence observer failed: {}", request, e.toString());
            }
        }
    }

    @Override
    public RequestDispatcher dispatcher() {
        if (dispatcher == null) {
            throw new IllegalStateException("the dispatcher does not exist yet: backends are created before it");
        }
        return dispatcher;
    }

    /**
     * Through the dispatcher once it exists, so that the history shows it; before, straight to the journal
     * (a backend that self-fences while it starts).
     */
    @Override
    public void audit(FenceRequest request, FenceResult result, String detail) {
        RequestDispatcher d = dispatcher;
        if (d != null) {
            d.audit(request, result, detail);
        } else {
            LOG.info("{}: {} ({})", request, result, detail);
            Dispatcher.awaitRecorded(journal, JournalEntry.audit(request, result, detail));
        }
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
