package org.jfenced.nativelib.testcluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An N-node corosync 3 cluster on this machine, for tests: one corosync per network namespace, joined by
 * veth pairs to a bridge in a separate hub namespace, so nothing is added to the root namespace and the
 * cluster's addresses exist only inside its namespaces.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final CorosyncCluster cluster = CorosyncCluster.builder("mytest").nodes(3).build();
 * ...
 * CpgGroup g = cluster.node(2).call(() -> CpgGroup.join("g", listener));   // a member on node 2, in this JVM
 * NodeProcess d = cluster.node(3).exec("jfenced", Map.of(), List.of("bin/jfenced", "-F"));  // a daemon on node 3
 * cluster.node(3).kill();                                                 // crash node 3's corosync
 * }</pre>
 *
 * <p>As a JUnit extension (a static field) it starts before the first test, puts the cluster back together
 * after each test (closes what the test handed to {@link #closeAfterTest}, heals partitions, restarts stopped
 * nodes, waits for full membership) and tears everything down after the last. Outside JUnit use {@link #start()} and {@link #close()}. A shutdown hook tears down
 * what a crashed test left, and namespaces of a previous JVM that died without teardown are removed at
 * start. Every process is stopped by its pid. Needs root; fails loudly otherwise.
 *
 * <p>Totem runs with {@code token_coefficient: 0} and a short token (1000 ms by default), so a lost node is
 * noticed after about token + consensus = 2.2 × token.
 */
public final class CorosyncCluster implements BeforeAllCallback, AfterEachCallback, AfterAllCallback, AutoCloseable {
    private static final Pattern OWNED_NAME = Pattern.compile("^jfc(\\d+)-.*");
    private static final Duration MEMBERSHIP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(10);
    private static final Path SHM = Path.of("/dev/shm");
    private static final AtomicBoolean STALE_CLEANED = new AtomicBoolean();

    private final String name;
    private final int size;
    private final int tokenMs;
    private final List<String> quorumSettings;
    private final String subnet;
    private final String transport;
    private final boolean configuredByTest;
    private final String prefix;
    private final Path root;
    private final Path dir;
    private final List<ClusterNode> nodes = new ArrayList<>();
    private final List<NodeProcess> processes = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> corosyncPids = Collections.synchronizedList(new ArrayList<>());
    private final List<AutoCloseable> testResources = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::teardown, "corosync-cluster-teardown");
    private Prerequisites tools;
    private boolean started;

    private CorosyncCluster(Builder builder) {
        this.name = builder.name;
        this.size = builder.nodes;
        this.tokenMs = builder.tokenMs;
        this.quorumSettings = List.copyOf(builder.quorumSettings);
        this.subnet = builder.subnet;
        this.transport = builder.transport;
        this.configuredByTest = builder.configuredByTest;
        long pid = ProcessHandle.current().pid();
        this.prefix = "jfc" + pid + "-" + name + "-";
        this.root = Path.of(System.getProperty("jfenced.cluster.root", "/tmp/jfenced-clusters"));
        this.dir = root.resolve(pid + "-" + name);
        for (int id = 1; id <= size; id++) {
            nodes.add(new ClusterNode(this, id, prefix + "n" + id, dir.resolve("n" + id)));
        }
    }

    /** {@code name}: 1 to 12 lower-case letters or digits, unique among clusters alive at the same time in this JVM. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public static final class Builder {
        private final String name;
        private int nodes = 3;
        private int tokenMs = 1000;
        private String subnet = "10.213.47";
        private String transport = "knet";
        private final List<String> quorumSettings = new ArrayList<>();
        private boolean configuredByTest;

        private Builder(String name) {
            if (!name.matches("[a-z0-9]{1,12}")) {
                throw new IllegalArgumentException("cluster name: 1 to 12 of [a-z0-9], not \"" + name + "\"");
            }
            this.name = name;
        }

        public Builder nodes(int nodes) {
            if (nodes < 1 || nodes > 16) {
                throw new IllegalArgumentException("1 to 16 nodes, not " + nodes);
            }
            this.nodes = nodes;
            return this;
        }

        /** totem.token in ms; failure detection takes about 2.2 times as long. */
        public Builder tokenMs(int tokenMs) {
            this.tokenMs = tokenMs;
            return this;
        }

        /** First three octets of the cluster's /24 (private to the cluster's namespaces). */
        public Builder subnet(String subnet) {
            this.subnet = subnet;
            return this;
        }

        /** A line of corosync.conf's {@code quorum} block, such as {@code two_node: 1}. */
        public Builder quorumSetting(String line) {
            quorumSettings.add(line);
            return this;
        }

        /** {@code knet} (default) or {@code udpu}. */
        public Builder transport(String transport) {
            this.transport = transport;
            return this;
        }

        /**
         * The test writes each node's corosync.conf ({@link ClusterNode#configFile()}) and starts its corosync
         * ({@link ClusterNode#start()}); {@link #start()} only builds the network and the nodes' directories, and
         * after each test the cluster is left as the test left it. For testing configs made by other code.
         */
        public Builder configuredByTest() {
            this.configuredByTest = true;
            return this;
        }

        public CorosyncCluster build() {
            return new CorosyncCluster(this);
        }
    }

    /**
     * Creates the namespaces, starts every corosync and waits until each sees all nodes; a cluster
     * {@linkplain Builder#configuredByTest() configured by the test} gets namespaces and directories only.
     */
    public synchronized CorosyncCluster start() {
        if (started) {
            throw new IllegalStateException("cluster " + name + " already started");
        }
        tools = Prerequisites.check();
        removeStaleClusters();
        started = true;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            Files.createDirectories(dir);
            createNetwork();
            for (ClusterNode node : nodes) {
                Files.createDirectories(node.dir().resolve("state"));
                Files.createDirectories(node.runDir());
            }
            if (configuredByTest) {
                return this;
            }
            for (ClusterNode node : nodes) {
                Files.writeString(node.configFile(), corosyncConf(node), StandardCharsets.UTF_8);
            }
            nodes.forEach(ClusterNode::launch);
            nodes.forEach(ClusterNode::awaitIpc);
            awaitMembers(size);
            return this;
        } catch (IOException | RuntimeException e) {
            close();
            throw new IllegalStateException("cluster " + name + " did not come up", e);
        }
    }

    public ClusterNode node(int id) {
        return nodes.get(id - 1);
    }

    public List<ClusterNode> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public int size() {
        return size;
    }

    public Duration token() {
        return Duration.ofMillis(tokenMs);
    }

    /** Waits until every running node sees {@code count} nodes. */
    public void awaitMembers(int count) {
        for (ClusterNode node : nodes) {
            if (node.isRunning()) {
                node.awaitMembers(count, MEMBERSHIP_TIMEOUT);
            }
        }
    }

    /** Heals partitions, starts stopped nodes and waits for full membership; not for a cluster configured by the test. */
    public void restore() {
        if (configuredByTest) {
            return;
        }
        for (ClusterNode node : nodes) {
            if (node.isPartitioned()) {
                node.heal();
            }
            if (!node.isRunning()) {
                node.start();
            }
        }
        awaitMembers(size);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    /**
     * Closes {@code resource} when the current test ends, before the cluster is put back together: what a
     * test runs on the cluster (daemons on its nodes) stops before corosync is healed or restarted under it.
     */
    public <T extends AutoCloseable> T closeAfterTest(T resource) {
        testResources.add(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (context.getExecutionException().isPresent()) {
            for (ClusterNode node : nodes) {
                System.err.println("---- " + node + " corosync.log (tail) after failed "
                        + context.getDisplayName() + " ----\n" + node.corosyncLog());
            }
        }
        try {
            closeTestResources();
        } finally {
            restore();
        }
    }

    /** Closes the test's resources, the last handed over first; every one is closed even when one fails. */
    private void closeTestResources() throws Exception {
        List<AutoCloseable> resources;
        synchronized (testResources) {
            resources = new ArrayList<>(testResources);
            testResources.clear();
        }
        Collections.reverse(resources);
        Exception failure = null;
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Stops every process and corosync by pid, deletes the namespaces, shared memory leftovers and files. */
    @Override
    public void close() {
        teardown();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException alreadyShuttingDownOrNeverAdded) {
            // the hook is running or was never registered: nothing to remove
        }
    }

    private void teardown() {
        if (!started || !closed.compareAndSet(false, true)) {
            return;
        }
        List<NodeProcess> started;
        synchronized (processes) {
            started = new ArrayList<>(processes);
        }
        started.forEach(NodeProcess::close);
        for (ClusterNode node : nodes) {
            try {
                node.shutdown();
            } catch (RuntimeException e) {
                System.err.println("stopping corosync of " + node + ": " + e);
            }
        }
        for (ClusterNode node : nodes) {
            deleteNamespace(node.netns());
        }
        deleteNamespace(hubNetns());
        synchronized (corosyncPids) {
            corosyncPids.forEach(this::removeShm);
        }
        deleteTree(dir);
    }

    String tool(String tool) {
        return tools.tool(tool);
    }

    String addressOf(int id) {
        return size == 1 ? "127.0.0.1" : subnet + "." + id;
    }

    void track(NodeProcess process) {
        processes.add(process);
    }

    /** Remembers corosync pids on disk too, so a later JVM can clean up shared memory after a crash. */
    void recordCorosync(long pid) {
        corosyncPids.add(pid);
        try {
            Files.writeString(dir.resolve("corosync.pids"), pid + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot record corosync pid", e);
        }
    }

    /** libqb leaves its ring buffers in /dev/shm when corosync is killed; their names carry corosync's pid. */
    void removeShm(long corosyncPid) {
        try (Stream<Path> entries = Files.list(SHM)) {
            entries.filter(p -> {
                String file = p.getFileName().toString();
                return file.startsWith("qb-" + corosyncPid + "-") || file.startsWith("qb-corosync-" + corosyncPid + "-");
            }).forEach(CorosyncCluster::deleteTree);
        } catch (IOException | java.io.UncheckedIOException e) {
            System.err.println("cannot clean " + SHM + ": " + e);
        }
    }

    void setLink(int id, boolean up) {
        if (size == 1) {
            throw new IllegalStateException("a one-node cluster has no network to cut");
        }
        ip("-n", hubNetns(), "link", "set", "p" + id, up ? "up" : "down");
    }

    private String hubNetns() {
        return prefix + "hub";
    }

    private void createNetwork() {
        if (size > 1) {
            ip("netns", "add", hubNetns());
            ip("-n", hubNetns(), "link", "set", "lo", "up");
            ip("-n", hubNetns(), "link", "add", "br0", "type", "bridge");
            ip("-n", hubNetns(), "link", "set", "br0", "up");
        }
        for (ClusterNode node : nodes) {
            ip("netns", "add", node.netns());
            ip("-n", node.netns(), "link", "set", "lo", "up");
            if (size > 1) {
                String port = "p" + node.id();
                ip("-n", hubNetns(), "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", node.netns());
                ip("-n", hubNetns(), "link", "set", port, "master", "br0", "up");
                ip("-n", node.netns(), "addr", "add", node.address() + "/24", "dev", "eth0");
                ip("-n", node.netns(), "link", "set", "eth0", "up");
            }
        }
    }

    private String corosyncConf(ClusterNode node) {
        StringBuilder conf = new StringBuilder();
        conf.append("totem {\n")
                .append("    version: 2\n")
                .append("    cluster_name: ").append(name).append('\n')
                .append("    transport: ").append(transport).append('\n')
                .append("    crypto_cipher: none\n")
                .append("    crypto_hash: none\n")
                .append("    token: ").append(tokenMs).append('\n')
                // otherwise every node beyond two adds 650 ms to the token timeout
                .append("    token_coefficient: 0\n")
                .append("}\n")
                .append("system {\n")
                .append("    state_dir: ").append(node.dir().resolve("state")).append('\n')
                .append("}\n")
                .append("logging {\n")
                .append("    to_stderr: no\n")
                .append("    to_syslog: no\n")
                .append("    to_logfile: yes\n")
                .append("    logfile: ").append(node.dir().resolve("corosync.log")).append('\n')
                .append("    timestamp: hires\n")
                .append("}\n")
                .append("quorum {\n")
                .append("    provider: corosync_votequorum\n");
        quorumSettings.forEach(line -> conf.append("    ").append(line).append('\n'));
        conf.append("}\n")
                .append("nodelist {\n");
        for (ClusterNode member : nodes) {
            conf.append("    node {\n")
                    .append("        nodeid: ").append(member.id()).append('\n')
                    .append("        name: node").append(member.id()).append('\n')
                    .append("        ring0_addr: ").append(member.address()).append('\n')
                    .append("    }\n");
        }
        return conf.append("}\n").toString();
    }

    /**
     * Namespaces and directories named for a JVM that no longer runs were left by a run that died before
     * teardown: stop what still runs in them (by pid), then delete them.
     */
    private void removeStaleClusters() {
        if (!STALE_CLEANED.compareAndSet(false, true)) {
            return;
        }
        for (String line : ip("netns", "list").split("\n")) {
            String netns = line.split(" ")[0];
            if (isStale(netns)) {
                deleteNamespace(netns);
            }
        }
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(d -> isStale("jfc" + d.getFileName())).forEach(stale -> {
                Path pids = stale.resolve("corosync.pids");
                try {
                    if (Files.exists(pids)) {
                        Files.readAllLines(pids).stream().filter(l -> !l.isBlank())
                                .forEach(pid -> removeShm(Long.parseLong(pid.trim())));
                    }
                } catch (IOException e) {
                    System.err.println("cannot read " + pids + ": " + e);
                }
                deleteTree(stale);
            });
        } catch (IOException e) {
            System.err.println("cannot list " + root + ": " + e);
        }
    }

    private static boolean isStale(String name) {
        Matcher owner = OWNED_NAME.matcher(name);
        return owner.matches() && ProcessHandle.of(Long.parseLong(owner.group(1))).isEmpty();
    }

    /** Stops whatever still runs in the namespace (SIGKILL by pid, never this JVM), then deletes it. */
    private void deleteNamespace(String netns) {
        Command.Result pids = Command.run(TOOL_TIMEOUT, List.of(tool("ip"), "netns", "pids", netns));
        if (pids.exitCode() != 0) {
            return;
        }
        long self = ProcessHandle.current().pid();
        for (String pid : pids.output().split("\\s+")) {
            if (!pid.isBlank() && Long.parseLong(pid) != self) {
                Optional<ProcessHandle> straggler = ProcessHandle.of(Long.parseLong(pid));
                straggler.ifPresent(p -> {
                    System.err.println("killing pid " + p.pid() + " left in namespace " + netns);
                    p.destroyForcibly();
                    p.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> p).join();
                });
            }
        }
        Command.Result deleted = Command.run(TOOL_TIMEOUT, List.of(tool("ip"), "netns", "del", netns));
        if (deleted.exitCode() != 0) {
            System.err.println("ip netns del " + netns + ": " + deleted.output());
        }
    }

    private String ip(String... args) {
        List<String> command = new ArrayList<>();
        command.add(tool("ip"));
        command.addAll(List.of(args));
        return Command.check(TOOL_TIMEOUT, command);
    }

    private static void deleteTree(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    System.err.println("cannot delete " + p + ": " + e);
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            // a file that vanishes during the walk (a process still exiting removes its own) is fine
            System.err.println("cannot delete " + path + ": " + e);
        }
    }

    @Override
    public String toString() {
        return "corosync cluster " + name + " (" + size + " nodes, token " + tokenMs + " ms, " + dir + ")";
    }
}
