package org.jfenced.daemon;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jfenced.admin.api.Instances;
import org.jfenced.nativelib.systemd.SdNotify;
import org.jfenced.config.FenceConfig;
import org.jfenced.plugin.DiscoveredPlugin;
import org.jfenced.plugin.PluginKind;
import org.jfenced.plugin.PluginRegistry;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigKey;
import org.jfenced.spi.FenceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jfenced}: fence_virtd's command line, short flags combinable as getopt allows ({@code -Fw},
 * {@code -Fd2}). Without {@code -F}, and unless the config's {@code foreground} says so, the daemon
 * detaches ({@link Background}); {@code -h}, {@code -l} and {@code -c} never do.
 */
@Command(name = "jfenced", mixinStandardHelpOptions = false, sortOptions = false,
        description = "Fencing daemon for virtual machines, compatible with fence_virtd, fence_xvm and fence_virt.")
public final class Jfenced implements Callable<Integer> {

    static final String DEFAULT_CONFIG = "/etc/fence_virt.conf";
    static final String DEFAULT_PID_FILE = Instances.DEFAULT_PID_FILE;

    @Option(names = "-F", description = "Stay in the foreground; so does fence_virtd/@foreground = \"1\" (or yes)."
            + " Otherwise the daemon detaches once it serves, its output appended to $" + Background.LOG_ENV
            + " (default " + Background.DEFAULT_LOG + "; \"" + Background.SYSLOG + "\": to syslog, each line at its"
            + " priority). Under systemd each line reaches the journal at its priority.")
    boolean foreground;

    @Option(names = "-f", paramLabel = "FILE", description = "Configuration file (default: " + DEFAULT_CONFIG + ").")
    Path configFile;

    @Option(names = "-d", paramLabel = "LEVEL", description = "Debug level: 1 and up log debug, 3 and up trace.")
    Integer debug;

    @Option(names = "-p", paramLabel = "FILE", description = "Pid file (default: " + DEFAULT_PID_FILE + "). Its name"
            + " names the instance: the default admin socket is /run/jfenced/NAME.sock for NAME.pid (admin.sock for"
            + " jfenced.pid), so daemons with their own pid files run side by side.")
    Path pidFile = Path.of(DEFAULT_PID_FILE);

    @Option(names = "-w", description = "Wait for the backend to become ready instead of giving up.")
    boolean waitForBackend;

    @Option(names = "-l", description = "List the plugins found and exit.")
    boolean listPlugins;

    @Option(names = "-c", description = "Configuration mode: ask for listener, backend and their settings, show the"
            + " result and write it to the config file (mode 0600) once confirmed. At the end of the input every"
            + " question takes its default.")
    boolean configure;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--plugins", paramLabel = "DIR", description = "Directory of plugin jars.")
    Path pluginsDir;

    @Option(names = "--demo", paramLabel = "DIR", arity = "0..1", fallbackValue = DemoSetup.DEFAULT_DIR,
            description = "Run the built-in demo: libvirt's test driver and a TCP listener on 127.0.0.1 "
                    + "(files in DIR, default ${FALLBACK-VALUE}).")
    Path demoDir;

    @Option(names = "--ready-file", hidden = true, description = "Created once the daemon serves; for the launcher.")
    Path readyFile;

    /** The command line as given, for the detached copy of this process. */
    private final List<String> args;

    Jfenced(List<String> args) {
        this.args = args;
    }

    /** The command line as parsed, for the manual page jfenced(8), which is generated from it. */
    public static CommandLine.Model.CommandSpec commandSpec() {
        return new CommandLine(new Jfenced(List.of())).getCommandSpec();
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        Optional<Jfenced> plain = PlainCommandLine.read(args);
        if (plain.isPresent()) {
            try {
                return plain.get().call();
            } catch (Exception e) {
                return failed(e);
            }
        }
        CommandLine cl = new CommandLine(new Jfenced(List.of(args)));
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> failed(e));
        return cl.execute(args);
    }

    private static int failed(Exception e) {
        System.err.println("jfenced: " + e.getMessage());
        return 1;
    }

    @Override
    public Integer call() throws Exception {
        Logger log = LoggerFactory.getLogger(Jfenced.class);
        Optional<Path> plugins = Optional.ofNullable(pluginsDir);
        PluginRegistry registry;
        try {
            registry = PluginRegistry.discover(Jfenced.class.getClassLoader(), plugins);
        } catch (ConfigException e) {
            System.err.println("jfenced: " + e.getMessage());
            return 1;
        }
        if (listPlugins) {
            System.out.print(Daemon.describePlugins(registry));
            return 0;
        }
        Path config;
        FenceConfig parsed;
        try {
            config = demoDir != null ? DemoSetup.prepare(demoDir) : configFile != null ? configFile
                    : Path.of(DEFAULT_CONFIG);
            if (configure) {
                Prompter ask = new Prompter(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                        System.out);
                return new Configurator(ask, System.out, declaredKeys(registry, PluginKind.LISTENER),
                        declaredKeys(registry, PluginKind.BACKEND)).run(config);
            }
            Daemon.checkConfigFile(config);
            parsed = FenceConfig.load(config);
        } catch (ConfigException e) {
            if (foreground) {
                log.error("{}", e.getMessage());
            } else {
                System.err.println("jfenced: " + e.getMessage());
            }
            return 1;
        }
        if (!foreground && !Daemon.isYes(parsed.root().section("fence_virtd"), "foreground")) {
            return Background.start(args, Optional.ofNullable(System.getenv(Background.LOG_ENV))
                    .filter(l -> !l.isBlank()).orElse(Background.DEFAULT_LOG), System.err);
        }
        // Installed before start-up, so a stop request is never lost and also ends a wait for the backend (-w).
        Thread main = Thread.currentThread();
        AtomicBoolean started = new AtomicBoolean();
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String sig : new String[] {"TERM", "INT"}) {
            DaemonSignals.handle(sig, s -> {
                stopRequested.countDown();
                if (!started.get()) {
                    main.interrupt();
                }
            });
        }
        // SIGHUP would end the JVM; it re-reads the config once the daemon serves, and before that is ignored
        AtomicReference<Daemon> serving = new AtomicReference<>();
        DaemonSignals.handle("HUP", s -> {
            Daemon d = serving.get();
            if (d == null) {
                log.warn("SIGHUP while starting: ignored; send it again once the daemon serves");
            } else {
                Thread reload = new Thread(d::reloadAndLog, "reload");
                reload.setDaemon(true);
                reload.start();
            }
        });
        Daemon daemon;
        try {
            LogLevel.apply(LogLevel.of(Optional.ofNullable(debug), parsed.root().section("fence_virtd").get("debug")));
            Path pid = demoDir != null && pidFile.equals(Path.of(DEFAULT_PID_FILE))
                    ? demoDir.toAbsolutePath().resolve("jfenced.pid") : pidFile;
            DaemonOptions options = new DaemonOptions(config, Optional.ofNullable(debug), pid, waitForBackend,
                    plugins);
            daemon = Daemon.start(options, parsed, registry);
            if (demoDir != null) {
                DemoSetup.printUsage(demoDir, System.out);
            }
            if (readyFile != null) {
                java.nio.file.Files.createFile(readyFile);
            }
        } catch (ConfigException e) {
            log.error("{}", e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            log.info("stopped while starting");
            return 0;
        }
        started.set(true);
        serving.set(daemon);
        SdNotify systemd = SdNotify.fromEnvironment();
        systemd.status("serving on " + String.join("; ", daemon.listeners().values().stream()
                .map(FenceListener::endpoint).toList()));
        systemd.ready();
        ScheduledExecutorService watchdog = startWatchdog(systemd);
        awaitUninterruptibly(stopRequested);
        log.info("stopping");
        systemd.stopping();
        watchdog.shutdownNow();
        daemon.close();
        return 0;
    }

    private static Map<String, List<ConfigKey>> declaredKeys(PluginRegistry registry, PluginKind kind) {
        return registry.all().stream().filter(p -> p.kind() == kind)
                .collect(Collectors.toMap(DiscoveredPlugin::name, p -> p.factory().configKeys(), (a, b) -> a));
    }

    /** A signal racing the end of start-up may still interrupt this thread; only the latch counts. */
    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // keep waiting for the latch itself
            }
        }
    }

    /** Pings systemd's watchdog at half its interval, when the unit asks for one (WatchdogSec=). */
    private static ScheduledExecutorService startWatchdog(SdNotify systemd) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "systemd-watchdog");
            t.setDaemon(true);
            return t;
        });
        systemd.watchdogInterval().ifPresent(interval -> timer.scheduleAtFixedRate(systemd::watchdog, 0,
                interval.toMillis() / 2, TimeUnit.MILLISECONDS));
        return timer;
    }
}
