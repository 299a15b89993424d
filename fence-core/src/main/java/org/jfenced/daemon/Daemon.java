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
import java.util.Set;
import java.util.stream.Collectors;
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
import org.jfenced.config.ConfigBlock;
import org.jfenced.config.FenceConfig;
import org.jfenced.dispatch.AclGroups;
import org.jfenced.dispatch.Dispatcher;
import org.jfenced.dispatch.ListenerDispatcher;
import org.jfenced.journal.JournalSettings;
import org.jfenced.journal.JournalWriter;
import org.jfenced.memory.MemoryRelease;
import org.jfenced.plugin.DiscoveredPlugin;
import org.jfenced.plugin.PluginKind;
import org.jfenced.plugin.PluginRegistry;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigKey;
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
    /** The keys of the daemon's block a reload takes over; changing any other one needs a restart. */
    private static final Set<String> RELOADABLE_DAEMON_KEYS = Set.of("debug", "listener", "foreground");

    private final List<AutoCloseable> open = new ArrayList<>();
    private final Instant started = Instant.now();
    private PrometheusRegistry metrics;
    private PidFile pidFile;
    private Dispatcher dispatcher;
    /** Replaced whole by a reload, so admin threads always read one consistent map. */
    private volatile Map<String, RunningListener> listeners = Map.of();
    private FenceBackend backend;
    private Path configFile;
    private AdminSettings admin;
    private List<DiscoveredPlugin> plugins = List.of();
    private final List<DiscoveredPlugin> inUse = new ArrayList<>();
    private final Map<String, FenceService> services = new LinkedHashMap<>();
    private String backendName;
    private DaemonOptions options;
    private PluginRegistry registry;
    /** What a reload compares the new file with: the file as the daemon last took it over. */
    private FenceConfig running;
    private JournalSettings journalSettings;

    /** A listener with the request path and the block it runs with. */
    private record RunningListener(ListenerSpec spec, FenceListener listener, ListenerDispatcher dispatcher) {
    }

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
        this.options = options;
        this.registry = registry;
        this.running = config;
        configFile = options.configFile();
        plugins = registry.all();
        List<ListenerSpec> specs = ListenerSpec.read(config.root(), registry);
        backendName = daemon.get("backend")
                .orElseThrow(() -> daemon.invalid("backend", "required: the backend plugin to use ("
                        + String.join(", ", registry.names(PluginKind.BACKEND)) + ")"));
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
        for (ListenerSpec spec : specs) {
            DiscoveredPlugin p = inUse(registry, PluginKind.LISTENER, spec.plugin());
            if (!inUse.contains(p)) {
                inUse.add(p);
            }
        }
        backend = backendFactory.create(root.section("backends").section(backendName), context);
        open.add(backend);
        context.setBackend(backend);
        awaitBackend(backend, backendName, wait);

        AclGroups acl = AclGroups.from(root.section("groups"));
        LOG.info("groups: {}", acl.isOpen() ? "none configured, every requester may fence every VM"
                : acl.size() + " group(s) restrict who may fence what");
        dispatcher = new Dispatcher(backend, acl, BACKEND_DEADLINE, context.observers(), journal,
                MemoryRelease::afterBusySpell);
        context.setDispatcher(dispatcher);
        RequestPathWarmUp.run(backend);
        MemoryRelease.startUp();

        Map<String, RunningListener> created = new LinkedHashMap<>();
        for (ListenerSpec spec : specs) {
            ListenerDispatcher path = new ListenerDispatcher(spec.name(), dispatcher, spec.acl(acl));
            FenceListener listener = spec.factory(registry).create(spec.block(), new ListenerContext(context, path));
            open.add(listener);
            created.put(spec.name(), new RunningListener(spec, listener, path));
        }
        listeners = Collections.unmodifiableMap(created);
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

        for (RunningListener l : listeners.values()) {
            start("listener " + l.spec().name(), l.listener()::start);
        }
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
        LOG.info("jfenced ready: {}, backend {}, admin socket {}", describeListeners(), backendName, admin.socket());
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
    public Map<String, FenceListener> listeners() {
        Map<String, FenceListener> out = new LinkedHashMap<>();
        listeners.forEach((name, l) -> out.put(name, l.listener()));
        return Collections.unmodifiableMap(out);
    }

    private String describeListeners() {
        return listeners.values().stream().map(l -> "listener " + l.spec().name() + " on " + l.listener().endpoint())
                .collect(Collectors.joining(", "));
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
    public Optional<ConfigSection> listenerConfig(String name) {
        return Optional.ofNullable(listeners.get(name)).map(l -> l.spec().block());
    }

    @Override
    public Optional<AclGroups> groupsOf(String listener) {
        return Optional.ofNullable(listeners.get(listener)).map(l -> l.dispatcher().groups());
    }

    @Override
    public Optional<String> pluginOf(String listener) {
        return Optional.ofNullable(listeners.get(listener)).map(l -> l.spec().plugin());
    }

    @Override
    public Optional<JournalSettings> journal() {
        return Optional.ofNullable(journalSettings);
    }

    @Override
    public String backendName() {
        return backendName;
    }

    /**
     * Re-reads the config file and takes over what can change while serving — the listeners' keys and
     * algorithms (an old key stays accepted for the listener's {@code key_overlap}), the groups, the log
     * level — or, when the file is bad or changes what needs a restart, changes nothing and says why.
     * Every check and every key file read comes first; only then does anything change.
     *
     * @return what changed, one line each
     * @throws ConfigException naming the file and key that stopped it
     */
    @Override
    public synchronized List<String> reload() throws ConfigException {
        checkConfigFile(configFile);
        FenceConfig next = FenceConfig.load(configFile);
        ConfigBlock was = running.root();
        ConfigBlock now = next.root();
        ConfigBlock daemonBlock = now.section("fence_virtd");
        for (ConfigKey key : DaemonKeys.ALL) {
            String k = key.name();
            if (!RELOADABLE_DAEMON_KEYS.contains(k) && !was.section("fence_virtd").get(k).equals(daemonBlock.get(k))) {
                throw daemonBlock.invalid(k, "changing it needs a restart; the running configuration stays in force");
            }
        }
        List<ListenerSpec> specs = ListenerSpec.read(now, registry);
        List<String> names = specs.stream().map(ListenerSpec::name).toList();
        if (!names.equals(List.copyOf(listeners.keySet()))) {
            throw daemonBlock.invalid("listener", "changing the listeners (running: "
                    + String.join(" ", listeners.keySet()) + ") needs a restart; the running configuration stays in force");
        }
        requireSameBlock(was.section("backends").section(backendName), now.section("backends").section(backendName),
                "the backend");
        requireSameBlock(was.section("services"), now.section("services"), "the services");
        AclGroups acl = AclGroups.from(now.section("groups"));
        List<Runnable> changes = new ArrayList<>();
        List<String> report = new ArrayList<>();
        for (ListenerSpec spec : specs) {
            RunningListener l = listeners.get(spec.name());
            if (!spec.plugin().equalsIgnoreCase(l.spec().plugin())) {
                throw spec.block().invalid("type", "changing a listener's plugin needs a restart; the running"
                        + " configuration stays in force");
            }
            AclGroups groups = spec.acl(acl);
            boolean changed = !spec.block().contents().equals(l.spec().block().contents());
            try {
                changes.add(l.listener().prepareReload(spec.block()));
                report.add("listener " + spec.name() + ": key and settings read again");
            } catch (UnsupportedOperationException e) {
                if (changed) {
                    requireSameBlock(l.spec().block(), spec.block(), "listener " + spec.name() + " (" + spec.plugin()
                            + ")");
                }
            }
            changes.add(() -> l.dispatcher().setGroups(groups));
        }
        if (!now.section("groups").contents().equals(was.section("groups").contents())) {
            report.add("groups: " + (acl.isOpen() ? "none configured, every requester may fence every VM"
                    : acl.size() + " group(s)"));
        }
        int level = LogLevel.of(options.debugLevel(), daemonBlock.get("debug"));
        if (!daemonBlock.get("debug").equals(was.section("fence_virtd").get("debug"))) {
            report.add("log level " + level + (options.debugLevel().isPresent() ? " (-d " + options.debugLevel().get()
                    + " wins)" : ""));
        }
        changes.forEach(Runnable::run);
        dispatcher.setGroups(acl);
        LogLevel.apply(level);
        Map<String, RunningListener> reloaded = new LinkedHashMap<>();
        for (ListenerSpec spec : specs) {
            RunningListener l = listeners.get(spec.name());
            reloaded.put(spec.name(), new RunningListener(spec, l.listener(), l.dispatcher()));
        }
        listeners = Collections.unmodifiableMap(reloaded);
        running = next;
        if (report.isEmpty()) {
            report.add("nothing changed");
        }
        return report;
    }

    /** {@link #reload} for SIGHUP: the outcome goes to the log. */
    void reloadAndLog() {
        try {
            reload().forEach(line -> LOG.info("reload: {}", line));
        } catch (ConfigException e) {
            LOG.error("reload refused, nothing changed: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("reload failed, nothing changed", e);
        }
    }

    private static void requireSameBlock(ConfigBlock was, ConfigBlock now, String what) throws ConfigException {
        if (!was.contents().equals(now.contents())) {
            throw new ConfigException(now.source() + ": block " + now.path() + " changed: " + what + " takes new"
                    + " settings only at a restart; the running configuration stays in force");
        }
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
