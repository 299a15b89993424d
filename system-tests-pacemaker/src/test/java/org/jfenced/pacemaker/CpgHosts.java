package org.jfenced.pacemaker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jfenced.nativelib.testcluster.CorosyncCluster;
import org.jfenced.nativelib.testcluster.NodeProcess;

/**
 * The guests' hypervisors as three hosts of a corosync cluster (one network namespace each), each running
 * {@code bin/jfenced} with backend cpg on a libvirt test-driver host that holds one guest's domain: host N
 * "runs" {@code vm-guestN}. Host 1 alone is linked into the guests' bridge — a veth pair from the rig's
 * namespace into host 1's, at {@link #ADDRESS} — and serves fence_virt over TCP there; a request for another
 * host's guest is routed to that host by the cpg group. Everything lives in namespaces the tests create
 * and delete; every daemon is stopped by its pid.
 */
final class CpgHosts implements HostSide {

    /** Host 1's address on the guests' bridge, where its TCP listener is. */
    static final String ADDRESS = "10.229.1.2";
    /** The link's end on the bridge, in the rig's namespace; its peer in host 1's namespace is {@link #PEER}. */
    private static final String LINK = "jfpcmkcpg";
    private static final String PEER = "guests0";
    private static final Duration READY = Duration.ofSeconds(90);

    private final CorosyncCluster cluster;
    private final DockerRig rig;
    private final Path dir;
    private final Path key;
    private final Path home;
    private final Map<Integer, NodeProcess> daemons = new HashMap<>();

    CpgHosts(CorosyncCluster cluster, DockerRig rig, Path dir, Path key) {
        this.cluster = cluster;
        this.rig = rig;
        this.dir = dir;
        this.key = key;
        this.home = Path.of(System.getProperty("jfenced.home", "../dist/target/jfenced")).toAbsolutePath().normalize();
    }

    /** Puts host 1 on the guests' bridge. */
    void link() {
        String node = cluster.node(1).netns();
        ip("-n", rig.namespace, "link", "add", LINK, "type", "veth", "peer", "name", PEER, "netns", node);
        ip("-n", rig.namespace, "link", "set", LINK, "master", GuestCluster.BRIDGE, "up");
        ip("-n", node, "addr", "add", ADDRESS + "/24", "dev", PEER);
        ip("-n", node, "link", "set", PEER, "up");
    }

    /** Starts host {@code n}'s jfenced and waits until it serves. */
    void start(int n) {
        Path nodeDir = directory("host-" + n);
        Path config = writeConfig(nodeDir, n, "", """
                		request_timeout = "20";
                		self_fence_timeout = "2";
                """);
        // the default pid file name in a directory of its own: the admin socket is the default one in the node's /run
        NodeProcess daemon = launch(n, "jfenced", List.of(home.resolve("bin/jfenced").toString(), "-F", "-f", config.toString(),
                "-p", nodeDir.resolve("jfenced.pid").toString()));
        awaitReady(n, daemon, () -> daemon.logText().contains("jfenced ready"));
    }

    /**
     * Starts host {@code n}'s C fence_virtd with its own cpg backend on the same test-driver host, and waits
     * until it has bound port 1229 (it logs to syslog, so its output tells little).
     */
    void startFenceVirtd(int n) {
        Path nodeDir = directory("host-" + n);
        Path config = writeConfig(nodeDir, n, """
                	module_path = "/usr/lib/x86_64-linux-gnu/fence-virt";
                """, "");
        NodeProcess daemon = launch(n, "fence_virtd", List.of("/usr/sbin/fence_virtd", "-F", "-d", "2", "-f", config.toString(),
                "-p", nodeDir.resolve("fence_virtd.pid").toString()));
        awaitReady(n, daemon, () -> cluster.node(n).run("ss", "-Hlnt", "sport", "=", ":1229").contains("1229"));
    }

    private Path writeConfig(Path nodeDir, int n, String daemonSettings, String backendSettings) {
        Path xml = nodeDir.resolve("host.xml");
        HostDaemon.writePrivate(xml, testDriverHost(n).getBytes(StandardCharsets.UTF_8));
        String listenAt = n == 1 ? ADDRESS : "127.0.0.1";
        return HostDaemon.writePrivate(nodeDir.resolve("fence_virt.conf"), """
                fence_virtd {
                	listener = "tcp";
                	backend = "cpg";
                	journal_dir = "%s";
                %s}
                listeners {
                	tcp {
                		address = "%s";
                		port = "1229";
                		key_file = "%s";
                	}
                }
                backends {
                	cpg {
                		uri = "test://%s";
                %s	}
                }
                """.formatted(nodeDir, daemonSettings, listenAt, key, xml, backendSettings).getBytes(StandardCharsets.UTF_8));
    }

    private NodeProcess launch(int n, String label, List<String> command) {
        NodeProcess daemon = cluster.node(n).exec(label + "-" + System.nanoTime(), Map.of(), command);
        daemons.put(n, daemon);
        return daemon;
    }

    private static void awaitReady(int n, NodeProcess daemon, java.util.function.BooleanSupplier ready) {
        long deadline = System.nanoTime() + READY.toNanos();
        while (!ready.getAsBoolean()) {
            if (!daemon.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError(daemon + " on host " + n + " did not get ready:\n" + daemon.logText());
            }
            Guest.pause(Duration.ofMillis(100));
        }
    }

    String log(int n) {
        NodeProcess d = daemons.get(n);
        return d == null ? "" : d.logText();
    }

    /** Every host's log, for a failure message. */
    @Override
    public String log() {
        StringBuilder sb = new StringBuilder();
        daemons.keySet().stream().sorted().forEach(n -> sb.append("---- jfenced on host ").append(n).append(" ----\n")
                .append(log(n)).append('\n'));
        return sb.toString();
    }

    /** {@code jfencectl history} of host {@code n}: time, listener, source, action, target, result, acting node. */
    String history(int n) {
        return cluster.node(n).run(home.resolve("bin/jfencectl").toString(), "history", "-n", "1000");
    }

    /** Stops every daemon by its pid and removes the link (the cluster's own teardown removes the namespaces). */
    @Override
    public void close() {
        daemons.values().stream().filter(NodeProcess::isAlive).forEach(NodeProcess::stop);
        run(List.of("ip", "-n", rig.namespace, "link", "del", LINK));
    }

    private static String testDriverHost(int n) {
        return """
                <?xml version="1.0"?>
                <node>
                  <cpu><mhz>2000</mhz><model>i686</model><active>4</active><nodes>1</nodes><sockets>1</sockets><cores>4</cores><threads>1</threads></cpu>
                  <memory>8388608</memory>
                  <domain type="test">
                    <name>vm-guest%1$d</name><uuid>a1a1a1a1-0000-4000-8000-00000000000%1$d</uuid>
                    <memory>524288</memory><vcpu>1</vcpu><os><type>hvm</type></os>
                  </domain>
                </node>
                """.formatted(n);
    }

    private Path directory(String name) {
        try {
            return Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ip(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        int exit = run(cmd);
        if (exit != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed with " + exit);
        }
    }

    private static int run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
