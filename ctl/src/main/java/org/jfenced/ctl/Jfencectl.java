package org.jfenced.ctl;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jfenced.admin.api.AdminProtocol;
import org.jfenced.admin.api.Instances;
import org.jfenced.admin.api.Result;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jfencectl}: asks a running jfenced over its admin socket. It knows no command itself — the
 * daemon routes the command line by its first word, so commands that plugins add work without a new
 * jfencectl — and only prints what comes back: text, or with {@code --json} the JSON.
 */
@Command(name = "jfencectl", sortOptions = false, versionProvider = Jfencectl.Version.class,
        description = "Asks a running jfenced what it is doing.",
        footer = {"", "Commands of the daemon (\"jfencectl help\" also lists those of its plugins):",
            "  status            version, uptime, plugins, counters, backend, cluster",
            "  vms               the VMs, local and remote, with state and owner node",
            "  members           the cluster's nodes, this one, the highest, quorum",
            "  history [-n N]    the last N requests and their results",
            "  plugins           the plugins found: name, kind, version, origin",
            "  fence ACTION VM   off, on, reboot or status of a VM, audited",
            "  metrics           counters and latencies in Prometheus text format",
            "  reload            re-read the config: keys, groups, log level (as SIGHUP)",
            "  selftest [--key FILE] [--vm VM]  a real request through each listener, step by step",
            "  help [COMMAND]    every command the daemon serves", "",
            "Run by jfencectl itself, without a daemon:",
            "  " + KeyGen.USAGE + "  a new " + KeyGen.KEY_BYTES + "-byte fence_xvm key, mode 0600 (default FILE "
                    + "/etc/cluster/fence_xvm.key)", "",
            "Exit codes: the command's (fence: 0 done or on, 1 failed, 2 off),",
            "64 usage, 69 daemon not running or not answering, 70 daemon error,",
            "76 version mismatch, 77 permission denied."})
public final class Jfencectl implements Callable<Integer> {

    /** Overrides the default socket, like {@code --socket}. */
    static final String SOCKET_ENV = "JFENCECTL_SOCKET";

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "The daemon's admin socket (default: $" + SOCKET_ENV + ", else " + AdminProtocol.DEFAULT_SOCKET
                    + ").")
    Path socket;

    @Option(names = "--instance", paramLabel = "NAME",
            description = "The daemon started with -p NAME.pid (or give that pid file): its default admin socket, "
                    + "/run/jfenced/NAME.sock.")
    String instance;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "" + PlainCommandLine.DEFAULT_TIMEOUT_SECONDS,
            description = "Give up when the daemon says nothing for this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "Show jfencectl's version and exit.")
    boolean version;

    @Parameters(paramLabel = "COMMAND", description = "The command and its arguments.")
    List<String> argv = new ArrayList<>();

    private final PrintStream out;
    private final PrintStream err;
    private final String environmentSocket;

    Jfencectl(PrintStream out, PrintStream err, String environmentSocket) {
        this.out = out;
        this.err = err;
        this.environmentSocket = environmentSocket;
    }

    /** The command line as parsed, for the manual page jfencectl(8), which is generated from it. */
    public static CommandLine.Model.CommandSpec commandSpec() {
        return new CommandLine(new Jfencectl(System.out, System.err, null)).getCommandSpec();
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, System.getenv(SOCKET_ENV), args));
    }

    static int run(PrintStream out, PrintStream err, String environmentSocket, String... args) {
        Optional<PlainCommandLine> plain = PlainCommandLine.read(args);
        if (plain.isPresent()) {
            Jfencectl ctl = new Jfencectl(out, err, environmentSocket);
            ctl.json = plain.get().json();
            ctl.socket = plain.get().socket().orElse(null);
            ctl.instance = plain.get().instance().orElse(null);
            ctl.timeoutSeconds = plain.get().timeoutSeconds();
            ctl.argv = plain.get().argv();
            return ctl.call();
        }
        CommandLine cl = new CommandLine(new Jfencectl(out, err, environmentSocket));
        // a plugin's own options (--link0, -n) belong to the command line sent to the daemon
        cl.setUnmatchedOptionsArePositionalParams(true);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((e, a) -> {
            err.println("jfencectl: " + e.getMessage());
            return ExitCodes.USAGE;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        if (argv.isEmpty()) {
            err.println("jfencectl: no command given; \"jfencectl --help\" shows the commands");
            return ExitCodes.USAGE;
        }
        if (timeoutSeconds < 1) {
            err.println("jfencectl: --timeout must be at least 1 second");
            return ExitCodes.USAGE;
        }
        if (argv.get(0).equals("keygen")) {
            return keygen();
        }
        Path path;
        try {
            path = socketPath();
        } catch (IllegalArgumentException e) {
            err.println("jfencectl: --instance: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        AdminClient client = new AdminClient(path, Duration.ofSeconds(timeoutSeconds));
        // progress must not mix into the JSON on stdout
        ProgressBar progress = new ProgressBar(json ? err : out, !json && out == System.out && System.console() != null);
        Result result;
        try {
            result = client.call(argv, progress::line);
        } catch (CtlException e) {
            progress.end();
            err.println("jfencectl: " + e.getMessage());
            return e.exitCode();
        }
        progress.end();
        switch (result.getStatus()) {
            case OK:
                break;
            case PERMISSION_DENIED:
                return refused(result, ExitCodes.NO_PERMISSION);
            case VERSION_MISMATCH:
                return refused(result, ExitCodes.PROTOCOL);
            case UNKNOWN_COMMAND:
                return refused(result, ExitCodes.USAGE);
            default:
                return refused(result, ExitCodes.SOFTWARE);
        }
        int exit = result.getExitCode();
        if (json) {
            out.print(result.getJson());
        } else {
            // failures and usage errors go where people and scripts expect errors
            (exit == 1 || exit == ExitCodes.USAGE ? err : out).print(result.getText());
        }
        out.flush();
        return exit;
    }

    /** --socket, else --instance's, else $JFENCECTL_SOCKET, else the default instance's. */
    private Path socketPath() {
        if (socket != null && instance != null) {
            throw new IllegalArgumentException("give --socket or --instance, not both");
        }
        if (socket != null) {
            return socket;
        }
        if (instance != null) {
            return instance.contains("/") ? Instances.defaultSocketFor(Path.of(instance))
                    : Instances.defaultSocket(instance);
        }
        return Path.of(environmentSocket != null && !environmentSocket.isEmpty() ? environmentSocket
                : AdminProtocol.DEFAULT_SOCKET);
    }

    private int keygen() {
        try {
            out.print(new KeyGen(new SecureRandom()).run(argv.subList(1, argv.size())));
            return 0;
        } catch (CtlException e) {
            err.println("jfencectl: " + e.getMessage());
            return e.exitCode();
        }
    }

    private int refused(Result result, int exitCode) {
        err.print("jfencectl: " + result.getText());
        return exitCode;
    }

    /** The release of this jfencectl and the protocol it speaks. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jfencectl " + AdminProtocol.release() + " (admin protocol " + AdminProtocol.VERSION
                    + ")"};
        }
    }
}
