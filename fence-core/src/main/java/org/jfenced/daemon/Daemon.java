package org.jfenced.daemon;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfenced.admin.AdminAccess;
import org.jfenced.admin.AdminCommands;
import org.jfenced.admin.AdminServer;
import org.jfenced.admin.AdminSettings;
import org.jfenced.admin.AdminSocket;
import org.jfenced.admin.DaemonView;
import org.jfenced.admin.FenceMetrics;
import org.jfenced.admin.MetricsEndpoint;
import org.jfenced.admin.MetricsSettings;
import org.jfenced.admin.StatusFile;
import org.jfenced.config.FenceConfig;
import org.jfenced.dispatch.AclGroups;
import org.jfenced.dispatch.Dispatcher;
import org.jfenced.journal.JournalSettings;
import org.jfenced.journal.JournalWriter;
import org.jfenced.plugin.DiscoveredPlugin;
import org.jfenced.plugin.PluginKind;
import org.jfenced.plugin.PluginRegistry;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigSection;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.FenceListener;
import org.jfenced.spi.FenceService;
import org.jfenced.spi.FilePermissions;
import org.jfenced.spi.Health;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running jfenced: the configured backend, the dispatcher, the configured listener, the services
 * whose blocks exist and the admin socket. Start-up follows fence_virtd's order — config, plugins, pid
 * file, backend (optionally waiting for it), groups, listener — and fails with a message naming the
 * cause. The admin socket is claimed right after the pid file, so that a second daemon on the same
 * socket gives up before it touches the backend or a port, and it serves once everything else does.
 */
public final class Daemon implements DaemonView, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    /** Below the clients' 30-second timeout, so a stuck backend still gets the client an answer. */
    static final Duration BACKEND_DEADLINE = Duration.ofSeconds(25);
    private static final Duration BACKEND_FIRST_WAIT = Duration.ofSeconds(5);
    private static final Duration BACKEND_RETRY = Duration.ofSeconds(5);

    private final List<AutoCloseable> open = new ArrayList<>();
    private final Instant started = Instant.now();
    private PrometheusRegistry metrics;
    private PidFile pidFile;
    private Dispatcher dispatcher;
    private FenceListener listener;
    private FenceBackend backend;
    private Path configFile;
    private AdminSettings admin;
    private List<DiscoveredPlugin> plugins = List.of();
    private final List<DiscoveredPlugin> inUse = new ArrayList<>();
    private final Map<String, FenceService> services = new LinkedHashMap<>();
    private String listenerName;
    private String backendName;
    private JournalSettings journalSettings;

    private Daemon() {
    }

    /** Starts a daemon; on failure everything already opened is closed again. */
    public static Daemon start(DaemonOptions options, FenceConfig config, PluginRegistry registry)
            throws ConfigException, InterruptedException {
        Daemon d = new Daemon();
        try {
            d.startUp(options, config, registry);
            return d;
        } catch (ConfigException | InterruptedException | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    private void startUp(DaemonOptions options, FenceConfig config, PluginRegistry registry)
            throws ConfigException, InterruptedException {
        ConfigSection root = config.root();
        ConfigSection daemon = root.section("fence_virtd");
        configFile = options.configFile();
        plugins = registry.all();
        listenerName = daemon.get("listener")
                .orElseThrow(() -> daemon.invalid("listener", "required: the listener plugin to run ("
                        + String.join(", ", registry.names(PluginKind.LISTENER)) + ")"));
        backendName = daemon.get("backend")
                .orElseThrow(() -> daemon.invalid("backend", "required: the backend plugin to use ("
                        + String.join(", ", registry.names(PluginKind.BACKEND)) + ")"));
        var listenerFactory = registry.listener(listenerName);
        var backendFactory = registry.backend(backendName);
        // what the daemon reads of its block is what jfenced.conf(5) lists; anything else there is reported unknown
        DaemonKeys.ALL.forEach(k -> daemon.get(k.name()));
        daemon.get("module_path").ifPresent(p -> LOG.info(
                "module_path {} names the C daemon's plugins; jfenced takes its plugins from the class path and {}",
                p, options.pluginsDir().map(Path::toString).orElse("no plugins directory")));
        boolean wait = options.waitForBackend() || isYes(daemon, "wait_for_init") || isYes(daemon, "wait_for_backend");

        pidFile = PidFile.claim(options.pidFile());
        admin = AdminSettings.from(daemon, options.pidFile());
        MetricsSettings metricsSettings = MetricsSettings.from(daemon);
        AdminSocket adminSocket = AdminSocket.claim(admin.socket(), admin.group(), AdminSettings.SOCKET_KEY);
        open.add(adminSocket);
        AdminCommands commands = AdminCommands.withBuiltins(this);
        journalSettings = JournalSettings.from(daemon, options.pidFile());
        JournalWriter journal = openJournal(journalSettings);
        open.add(journal);

        DefaultPluginContext context = new DefaultPluginContext(options.configFile(), daemon, commands, journal);
        inUse.add(inUse(registry, PluginKind.BACKEND, backendName));
        inUse.add(inUse(registry, PluginKind.LISTENER, listenerName));
        backend = backendFactory.create(root.section("backends").section(backendName), context);
        open.add(backend);
        context.setBackend(backend);
        awaitBackend(backend, backendName, wait);

        AclGroups acl = AclGroups.from(root.section("groups"));
        LOG.info("groups: {}", acl.isOpen() ? "none configured, every requester may fence every VM"
                : acl.size() + " group(s) restrict who may fence what");
        dispatcher = new Dispatcher(backend, acl, BACKEND_DEADLINE, context.observers(), journal);
        context.setDispatcher(dispatcher);
        RequestPathWarmUp.run(backend);

        listener = listenerFactory.create(root.section("listeners").section(listenerName), context);
        open.add(listener);
        ConfigSection serviceBlocks = root.section("services");
        for (DiscoveredPlugin p : registry.all()) {
            if (p.kind() == PluginKind.SERVICE && serviceBlocks.section(p.name()).exists()) {
                FenceService s = registry.service(p.name()).orElseThrow().create(serviceBlocks.section(p.name()), context);
                open.add(s);
                services.put(p.name(), s);
                inUse.add(p);
            }
        }
        config.unreadKeys().forEach(w -> LOG.warn("{}", w));

        start("listener " + listenerName, listener::start);
        for (Map.Entry<String, FenceService> s : services.entrySet()) {
            start("service " + s.getKey(), s.getValue()::start);
        }
        AdminServer adminServer = new AdminServer(adminSocket, adminAccess(adminSocket), commands, version());
        open.add(adminServer);
        start("the admin socket", adminServer::start);
        admin.statusFile().ifPresent(f -> open.add(StatusFile.start(f, this)));
        if (metricsSettings.endpoint().isPresent()) {
            MetricsEndpoint endpoint = startMetrics(metricsSettings);
            open.add(endpoint);
            LOG.info("metrics served at {}", endpoint.url());
        }
        LOG.info("jfenced ready: listener {} on {}, backend {}, admin socket {}", listenerName, listener.endpoint(),
                backendName, admin.socket());
    }

    private MetricsEndpoint startMetrics(MetricsSettings settings) throws ConfigException {
        try {
            return MetricsEndpoint.start(settings.endpoint().orElseThrow(), metrics());
        } catch (IOException e) {
            throw new ConfigException("cannot serve metrics on " + settings.endpoint().orElseThrow() + ": " + e, e);
        }
    }

    /** The journal is the record of every fence: a daemon that cannot keep it does not serve. */
    private static JournalWriter openJournal(JournalSettings settings) throws ConfigException {
        try {
            JournalWriter journal = JournalWriter.open(settings);
            LOG.info("journal {}", settings);
            return journal;
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("cannot open the journal " + settings.current() + ": " + e.getMessage()
                    + " (fence_virtd/@journal_dir names its directory)", e);
        }
    }

    /** A start-up step; its failure names what failed to start. */
    private interface Startup {
        void start() throws Exception;
    }

    private static void start(String what, Startup startup) throws ConfigException, InterruptedException {
        try {
            startup.start();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new ConfigException("cannot start " + what + ": " + e.getMessage(), e);
        }
    }

    private AdminAccess adminAccess(AdminSocket socket) throws ConfigException {
        try {
            return new AdminAccess(FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("root"),
                    socket.owner(), admin.group().map(g -> g.getName()), admin.group(), Path.of("/etc/group"));
        } catch (IOException e) {
            throw new ConfigException("cannot look up user root: " + e, e);
        }
    }

    private static DiscoveredPlugin inUse(PluginRegistry registry, PluginKind kind, String name) {
        return registry.all().stream().filter(p -> p.kind() == kind && p.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow();
    }

    /**
     * fence_virtd gives up when the backend cannot connect at start, unless told to wait ({@code -w}),
     * then it says so every 5 seconds; the daemon goes on as soon as the backend is up.
     */
    private static void awaitBackend(FenceBackend backend, String name, boolean wait) throws ConfigException,
            InterruptedException {
        long nextWord = System.nanoTime() + BACKEND_FIRST_WAIT.toNanos();
        while (!backend.health().ok()) {
            if (System.nanoTime() - nextWord >= 0) {
                Health h = backend.health();
                if (!wait) {
                    throw new ConfigException("backend " + name + " is not ready: " + h.summary()
                            + " (use -w to wait for it)");
                }
                LOG.warn("waiting for backend {}: {}", name, h.summary());
                nextWord = System.nanoTime() + BACKEND_RETRY.toNanos();
            }
            Thread.sleep(20);
        }
        LOG.info("backend {}: {}", name, backend.health().summary());
    }

    /** fence_virtd's flags: 1, yes, true or on. */
    static boolean isYes(ConfigSection s, String key) {
        String v = s.get(key, "0").trim();
        return v.equals("1") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("on");
    }

    @Override
    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Built at first use, so that a daemon nobody scrapes loads none of it: start-up time and memory count. */
    @Override
    public synchronized PrometheusRegistry metrics() {
        if (metrics == null) {
            metrics = FenceMetrics.registryOf(this);
        }
        return metrics;
    }

    @Override
    public FenceListener listener() {
        return listener;
    }

    @Override
    public FenceBackend backend() {
        return backend;
    }

    /** The release, from fence-core's jar manifest; {@code dev} in a build tree. */
    @Override
    public String version() {
        return Optional.ofNullable(Daemon.class.getPackage().getImplementationVersion()).orElse("dev");
    }

    @Override
    public long pid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public Instant started() {
        return started;
    }

    @Override
    public Path configFile() {
        return configFile;
    }

    @Override
    public AdminSettings admin() {
        return admin;
    }

    @Override
    public List<DiscoveredPlugin> plugins() {
        return plugins;
    }

    @Override
    public List<DiscoveredPlugin> inUse() {
        return List.copyOf(inUse);
    }

    @Override
    public Map<String, FenceService> services() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    @Override
    public Optional<JournalSettings> journal() {
        return Optional.ofNullable(journalSettings);
    }

    @Override
    public String listenerName() {
        return listenerName;
    }

    @Override
    public String backendName() {
        return backendName;
    }

    /** Stops listening first, so nothing new arrives while the backend shuts down. */
    @Override
    public void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                LOG.warn("while stopping {}: {}", open.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        open.clear();
        if (pidFile != null) {
            pidFile.close();
            pidFile = null;
        }
    }

    /** Lists the discovered plugins as {@code jfenced -l} prints them. */
    public static String describePlugins(PluginRegistry registry) {
        StringBuilder sb = new StringBuilder(String.format("%-10s %-10s %-14s %s%n", "KIND", "NAME", "VERSION", "ORIGIN"));
        registry.all().stream()
                .sorted(java.util.Comparator.comparing((DiscoveredPlugin p) -> p.kind()).thenComparing(DiscoveredPlugin::name))
                .forEach(p -> sb.append(String.format("%-10s %-10s %-14s %s%n", p.kind().word(), p.name(), p.version(),
                        p.origin())));
        return sb.toString();
    }

    static void checkConfigFile(Path file) throws ConfigException {
        FilePermissions.requirePrivate(file, "config file");
    }
}
