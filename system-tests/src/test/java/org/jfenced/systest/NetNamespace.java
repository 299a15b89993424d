package org.jfenced.systest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network namespace that a test creates and deletes: the only place where system tests may send
 * multicast or talk to addresses other than loopback. Namespaces are named {@code jf-<pid>-<n>} after
 * the test JVM, start with {@code lo} up and IPv6 duplicate address detection off (so addresses work
 * at once), and run commands and daemons through {@code ip netns exec}, which keeps the pid, so every
 * process started inside is tracked by its pid and stopped before the namespace is deleted.
 *
 * <p>Cleanup happens in {@link #close()} (use try-with-resources or {@code @AfterEach}); a JVM shutdown
 * hook closes whatever a failed or interrupted test left open; and namespaces left by test JVMs that
 * died without running their hooks (SIGKILL) are deleted when this class is first used.
 */
final class NetNamespace implements AutoCloseable {

    private static final long OWN_PID = ProcessHandle.current().pid();
    private static final Pattern OURS = Pattern.compile("^jf-(\\d+)-\\d+\\b");
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Set<NetNamespace> LIVE = ConcurrentHashMap.newKeySet();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

    private static final AtomicBoolean JANITOR_STARTED = new AtomicBoolean();

    private final String name;
    private final Set<ProcessHandle> processes = ConcurrentHashMap.newKeySet();

    private NetNamespace(String name) {
        this.name = name;
    }

    /** A new, empty namespace with only {@code lo}, up. */
    static NetNamespace create() {
        Requirements.root();
        Requirements.binary("/usr/bin/ip", "iproute2");
        startJanitor();
        NetNamespace ns = new NetNamespace("jf-" + OWN_PID + "-" + COUNTER.incrementAndGet());
        host("ip", "netns", "add", ns.name);
        LIVE.add(ns);
        try {
            ns.sysctl("net.ipv6.conf.all.accept_dad", "0");
            ns.sysctl("net.ipv6.conf.default.accept_dad", "0");
            ns.ip("link", "set", "lo", "up");
        } catch (RuntimeException | Error e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /**
     * Connects two namespaces with a veth pair, {@code ifA} in {@code a} and {@code ifB} in {@code b},
     * both up. The devices are created inside the namespaces, so their names never meet the host's.
     */
    static void link(NetNamespace a, String ifA, NetNamespace b, String ifB) {
        host("ip", "link", "add", "name", ifA, "netns", a.name, "type", "veth", "peer", "name", ifB, "netns", b.name);
        a.ip("link", "set", ifA, "up");
        b.ip("link", "set", ifB, "up");
    }

    String name() {
        return name;
    }

    /** {@code ip -n NAME args…}, which must succeed. */
    String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return host(cmd.toArray(String[]::new));
    }

    /** The pids of every process in this namespace, whoever started it. */
    List<String> pids() {
        return host("ip", "netns", "pids", name).lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    /** Sets a sysctl of this namespace, such as {@code net.ipv6.conf.all.accept_dad}. */
    void sysctl(String key, String value) {
        ClientRun r = run(COMMAND_TIMEOUT, null, "sh", "-c",
                "printf '%s' \"$1\" > /proc/sys/" + key.replace('.', '/'), "sysctl", value);
        if (r.exit() != 0) {
            throw new IllegalStateException("cannot set " + key + " in " + name + ": " + r);
        }
    }

    /** Runs {@code cmd} inside to its end (killed after {@code timeout}), feeding it {@code stdin} if not null. */
    ClientRun run(Duration timeout, String stdin, String... cmd) {
        long start = System.nanoTime();
        Process p = startInside(List.of(cmd), null);
        try {
            return ClientRun.await(p, stdin, timeout, List.of(cmd) + " in " + name, start);
        } catch (IOException | InterruptedException | ExecutionException e) {
            Processes.kill(p.toHandle());
            throw new AssertionError("cannot run " + List.of(cmd) + " in " + name + ": " + e, e);
        } finally {
            processes.remove(p.toHandle());
        }
    }

    /**
     * Starts a daemon inside with its output (stdout and stderr) going to {@code log}; it is stopped by
     * pid when the namespace closes, if the test has not stopped it before.
     */
    Process start(Path log, List<String> cmd) {
        return startInside(cmd, log);
    }

    private Process startInside(List<String> cmd, Path log) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(cmd);
        ProcessBuilder pb = new ProcessBuilder(full);
        if (log != null) {
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
        }
        try {
            Process p = pb.start();
            processes.add(p.toHandle());
            return p;
        } catch (IOException e) {
            throw new AssertionError("cannot start " + full, e);
        }
    }

    /** Stops every process started inside, by pid, then deletes the namespace and with it its devices. */
    @Override
    public void close() {
        if (!LIVE.remove(this)) {
            return;
        }
        for (ProcessHandle p : processes) {
            Processes.stop(p, Duration.ofSeconds(5));
        }
        processes.clear();
        host("ip", "netns", "del", name);
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * Once per JVM: removes what killed runs left behind and registers the shutdown hook. Not in a
     * static initialiser: {@link #host} waits for threads that run this class's code, which would wait
     * for the initialiser in turn.
     */
    private static void startJanitor() {
        if (JANITOR_STARTED.compareAndSet(false, true)) {
            removeNamespacesOfDeadTestRuns();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(NetNamespace::close), "netns-cleanup"));
        }
    }

    /** A namespace of ours whose test JVM is gone was left behind by a killed run. */
    private static void removeNamespacesOfDeadTestRuns() {
        for (String line : host("ip", "netns", "list").split("\n")) {
            Matcher m = OURS.matcher(line.trim());
            if (m.find()) {
                long pid = Long.parseLong(m.group(1));
                if (pid != OWN_PID && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    host("ip", "netns", "del", m.group().trim());
                }
            }
        }
    }

    /** Runs a command in the test's own namespace; it must succeed. Returns its stdout. */
    private static String host(String... cmd) {
        String command = String.join(" ", cmd);
        try {
            long start = System.nanoTime();
            ClientRun r = ClientRun.await(new ProcessBuilder(cmd).start(), null, COMMAND_TIMEOUT, command, start);
            if (r.exit() != 0) {
                throw new IllegalStateException(command + " failed (" + r.exit() + "): " + r.stderr());
            }
            return r.stdout();
        } catch (IOException | InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e, e);
        }
    }
}
