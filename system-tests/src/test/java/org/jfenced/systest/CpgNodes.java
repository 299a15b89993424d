package org.jfenced.systest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.jfenced.nativelib.testcluster.ClusterNode;
import org.jfenced.nativelib.testcluster.CorosyncCluster;
import org.jfenced.nativelib.testcluster.NodeProcess;

/**
 * {@code bin/jfenced} with backend cpg on every node of a corosync test cluster: each daemon runs inside
 * its node's network namespace (with the node's private {@code /run}, where its admin socket is), listens
 * with the TCP listener on that namespace's own 127.0.0.1:1229, and fences the VMs of its own libvirt
 * test-driver host. The real {@code fence_virt} runs inside a node's namespace too, so it reaches that
 * node's daemon. Blocks such as {@code services { … }} can be added to each node's config. It serves one
 * test: when the test ends the cluster stops its daemons, before it heals or restarts corosync.
 */
final class CpgNodes implements AutoCloseable {

    static final int PORT = 1229;
    static final String REQUEST_TIMEOUT_SECONDS = "8";
    /** Short, so that a test of a node that left waits little; the mechanism is the same as with the default. */
    static final String SELF_FENCE_TIMEOUT_SECONDS = "2";

    private final CorosyncCluster cluster;
    private final Path dir;
    private final Path key;
    private final List<NodeProcess> daemons = new ArrayList<>();
    private IntFunction<String> extraBlocks = node -> "";
    private IntFunction<String> extraBackendSettings = node -> "";

    CpgNodes(CorosyncCluster cluster, Path dir) {
        this.cluster = cluster;
        this.dir = dir;
        this.key = TestHost.writeKey(dir.resolve("fence_xvm.key"), 4096);
        for (int i = 0; i < cluster.size(); i++) {
            daemons.add(null);
        }
        cluster.closeAfterTest(this);
    }

    /** Adds {@code blocks.apply(node)} to the config of every daemon started from now on. */
    CpgNodes withBlocks(IntFunction<String> blocks) {
        this.extraBlocks = blocks;
        return this;
    }

    /** Adds {@code settings.apply(node)} to the cpg backend block of every daemon started from now on. */
    CpgNodes withBackendSettings(IntFunction<String> settings) {
        this.extraBackendSettings = settings;
        return this;
    }

    /**
     * The test-driver URI of host {@code node}'s own copy of {@code cpg/nodeN.xml}; a test may write its own
     * {@code nodeN.xml} into the directory first.
     */
    String testUri(int node) {
        Path file = dir.resolve("node" + node + ".xml");
        if (!file.toFile().exists()) {
            TestHost.copyResource("cpg/node" + node + ".xml", file);
        }
        return "test://" + file.toAbsolutePath();
    }

    /** Starts every daemon on its node's test-driver host and waits until each serves. */
    void startAll() {
        for (ClusterNode node : cluster.nodes()) {
            launch(node.id(), testUri(node.id()));
        }
        for (ClusterNode node : cluster.nodes()) {
            awaitLog(node.id(), "jfenced ready", Duration.ofSeconds(60));
        }
    }

    /** Starts the daemon of {@code node} on libvirt {@code uri} with the TCP listener, without waiting. */
    void launch(int node, String uri) {
        launch(node, "tcp", tcpListener(), "cpg", cpgBackend(uri) + extraBackendSettings.apply(node));
    }

    /**
     * Starts the daemon of {@code node} with backend libvirt on its test-driver host and the TCP listener, and
     * waits until it serves: a daemon that does not need corosync, for a node whose corosync is not set up yet.
     */
    void startStandalone(int node) {
        launch(node, "tcp", tcpListener(), "libvirt", "\t\turi = \"" + testUri(node) + "\";\n");
        awaitLog(node, "jfenced ready", Duration.ofSeconds(60));
    }

    private String tcpListener() {
        return """
                		address = "127.0.0.1";
                		port = "%d";
                		key_file = "%s";
                """.formatted(PORT, key);
    }

    private static String cpgBackend(String uri) {
        return """
                		uri = "%s";
                		request_timeout = "%s";
                		self_fence_timeout = "%s";
                """.formatted(uri, REQUEST_TIMEOUT_SECONDS, SELF_FENCE_TIMEOUT_SECONDS);
    }

    /**
     * Starts the daemon of {@code node} with the multicast listener on its cluster interface {@code eth0}:
     * fence_xvm run in the node's namespace reaches it (and only it: the other nodes listen on TCP).
     */
    void launchMulticast(int node, String uri) {
        launch(node, "multicast", """
                		interface = "eth0";
                		key_file = "%s";
                """.formatted(key), "cpg", cpgBackend(uri) + extraBackendSettings.apply(node));
    }

    private void launch(int node, String listener, String listenerBlock, String backend, String backendBlock) {
        Path config = TestHost.writePrivate(dir.resolve("fence_virt-" + node + ".conf"), """
                fence_virtd {
                	listener = "%s";
                	backend = "%s";
                	journal_dir = "%s";
                }
                listeners {
                	%s {
                %s
                	}
                }
                backends {
                	%s {
                %s
                	}
                }
                %s
                """.formatted(listener, backend, nodeDirectory(node), listener, listenerBlock, backend, backendBlock,
                extraBlocks.apply(node)));
        ClusterNode n = cluster.node(node);
        Path home = Requirements.jfencedHome();
        // a log of its own per start: the node's directory outlives the test
        // the default instance's pid file name, so the daemon's admin socket is the default one in the node's /run
        Path pidFile = nodeDirectory(node).resolve("jfenced.pid");
        daemons.set(node - 1, n.exec("jfenced-" + System.nanoTime(), Map.of(), List.of(home.resolve("bin/jfenced").toString(), "-F",
                "-f", config.toString(), "-p", pidFile.toString())));
    }

    private Path nodeDirectory(int node) {
        Path d = dir.resolve("node-" + node);
        try {
            return Files.createDirectories(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    NodeProcess daemon(int node) {
        return daemons.get(node - 1);
    }

    String log(int node) {
        return daemon(node).logText();
    }

    long count(int node, String text) {
        return log(node).lines().filter(l -> l.contains(text)).count();
    }

    /** When {@code node}'s daemon first logged a line containing {@code text}, from the line's timestamp. */
    LocalDateTime loggedAt(int node, String text) {
        String line = log(node).lines().filter(l -> l.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("jfenced on node " + node + " never logged \"" + text + "\":\n" + log(node)));
        return LocalDateTime.parse(line.substring(0, 23).replace(' ', 'T'));
    }

    void awaitLog(int node, String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!log(node).contains(text)) {
            if (!daemon(node).isAlive()) {
                throw new AssertionError("jfenced on node " + node + " exited before logging \"" + text + "\":\n" + log(node));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("jfenced on node " + node + " did not log \"" + text + "\" within " + timeout
                        + ":\n" + log(node));
            }
            JfencedProcess.sleep(20);
        }
    }

    /** {@code fence_virt -T 127.0.0.1 -p 1229 -k KEY -t 10 ARGS…} inside node {@code node}'s namespace. */
    ClientRun fenceVirt(int node, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", cluster.node(node).netns(),
                Requirements.binary("/usr/sbin/fence_virt", "fence-virt").toString(), "-T", "127.0.0.1",
                "-p", String.valueOf(PORT), "-k", key.toString(), "-t", "10"));
        cmd.addAll(List.of(args));
        return FenceVirt.exec(cmd, null);
    }

    /** The real {@code fence_xvm -a 225.0.0.12 -k KEY -t 10 ARGS…} inside node {@code node}'s namespace. */
    ClientRun fenceXvm(int node, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", cluster.node(node).netns(),
                Requirements.binary("/usr/sbin/fence_xvm", "fence-virt").toString(), "-a", "225.0.0.12",
                "-k", key.toString(), "-t", "10"));
        cmd.addAll(List.of(args));
        return FenceVirt.exec(cmd, null);
    }

    /** {@code bin/jfencectl} for the daemon of {@code node}, through the admin socket in the node's private /run. */
    Ctl ctl(int node) {
        return Ctl.of(cluster.node(node).runDir().resolve("jfenced/admin.sock"));
    }

    /** {@code bin/jfencectl ARGS…} on {@code node}, which reaches that node's daemon through its private /run. */
    String jfencectl(int node, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Requirements.jfencedHome().resolve("bin/jfencectl").toString()));
        cmd.addAll(List.of(args));
        return cluster.node(node).run(cmd.toArray(String[]::new));
    }

    /** Every node's log, for a failure message. */
    String logs() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= daemons.size(); i++) {
            if (daemon(i) != null) {
                sb.append("---- jfenced on node ").append(i).append(" ----\n").append(log(i)).append('\n');
            }
        }
        return sb.toString();
    }

    /** Stops every daemon still running, by pid. */
    @Override
    public void close() {
        daemons.stream().filter(d -> d != null && d.isAlive()).forEach(NodeProcess::stop);
    }
}
