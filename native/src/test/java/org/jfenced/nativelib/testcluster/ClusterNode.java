package org.jfenced.nativelib.testcluster;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * One node of a {@link CorosyncCluster}: a network namespace with its own corosync, and a directory whose
 * {@code run/} is bind-mounted over {@code /run} for every process the node starts (corosync's lock file
 * {@code /run/corosync.pid} is hard-coded, and a daemon's sockets under {@code /run} must not clash between
 * nodes either). Nothing here touches the root network namespace.
 */
public final class ClusterNode {
    private static final Duration IPC_READY_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(10);

    private final CorosyncCluster cluster;
    private final int id;
    private final String netns;
    private final Path dir;
    private Process corosync;
    private boolean partitioned;

    ClusterNode(CorosyncCluster cluster, int id, String netns, Path dir) {
        this.cluster = cluster;
        this.id = id;
        this.netns = netns;
        this.dir = dir;
    }

    /** The corosync node id, 1 to N. */
    public int id() {
        return id;
    }

    /** The network namespace's name, for {@code ip netns exec} or {@code nsenter --net=/run/netns/NAME}. */
    public String netns() {
        return netns;
    }

    /** This node's directory: corosync.conf, corosync.log, logs of processes started here, run/. */
    public Path dir() {
        return dir;
    }

    /** What processes started on this node see as {@code /run}. */
    public Path runDir() {
        return dir.resolve("run");
    }

    /** The address other nodes reach this one on (127.0.0.1 in a one-node cluster). */
    public String address() {
        return cluster.addressOf(id);
    }

    public synchronized boolean isRunning() {
        return corosync != null && corosync.isAlive();
    }

    public synchronized long corosyncPid() {
        if (corosync == null) {
            throw new IllegalStateException("corosync of node " + id + " was never started");
        }
        return corosync.pid();
    }

    public synchronized boolean isPartitioned() {
        return partitioned;
    }

    /** Starts corosync and returns once it answers on its IPC; does not wait for the ring to form. */
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException("corosync of node " + id + " is already running");
        }
        launch();
        awaitIpc();
    }

    synchronized void launch() {
        try {
            Files.createDirectories(dir.resolve("state"));
            Files.createDirectories(runDir());
            ProcessBuilder builder = new ProcessBuilder(inNode(List.of(cluster.tool("corosync"), "-f", "-c",
                    dir.resolve("corosync.conf").toString())))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            corosync = builder.start();
            cluster.recordCorosync(corosync.pid());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start corosync of node " + id, e);
        }
    }

    synchronized void awaitIpc() {
        long deadline = System.nanoTime() + IPC_READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!corosync.isAlive()) {
                throw new IllegalStateException("corosync of node " + id + " exited with " + corosync.exitValue()
                        + "\n" + readTail(dir.resolve("stdout.log")) + "\n" + corosyncLog());
            }
            if (Command.run(TOOL_TIMEOUT, netnsCommand(List.of(cluster.tool("corosync-cfgtool"), "-s"))).exitCode() == 0) {
                return;
            }
            sleep(100);
        }
        throw new IllegalStateException("corosync of node " + id + " did not answer IPC within " + IPC_READY_TIMEOUT);
    }

    /** SIGKILL corosync: the node crashes as far as the cluster can tell; its processes stay. */
    public synchronized void kill() {
        Process running = requireRunning();
        running.destroyForcibly();
        awaitExit(running);
        cluster.removeShm(running.pid());
    }

    /** SIGTERM corosync: a clean shutdown (about one second); its CPG members show up as PROCDOWN elsewhere. */
    public synchronized void stop() {
        Process running = requireRunning();
        running.destroy();
        if (!awaitExit(running)) {
            running.destroyForcibly();
            awaitExit(running);
        }
        cluster.removeShm(running.pid());
    }

    /** Cuts this node off the cluster network; corosync keeps running on its own. */
    public synchronized void partition() {
        cluster.setLink(id, false);
        partitioned = true;
    }

    public synchronized void heal() {
        cluster.setLink(id, true);
        partitioned = false;
    }

    /** How many nodes this node's corosync counts in its partition; -1 when it does not answer. */
    public int membersSeen() {
        Command.Result status = Command.run(TOOL_TIMEOUT, netnsCommand(List.of(cluster.tool("corosync-quorumtool"), "-s")));
        for (String line : status.output().split("\n")) {
            if (line.startsWith("Nodes:")) {
                return Integer.parseInt(line.substring("Nodes:".length()).trim());
            }
        }
        return -1;
    }

    /** Waits until this node counts {@code count} nodes. */
    public void awaitMembers(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen;
        while ((seen = membersSeen()) != count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node " + id + " sees " + seen + " nodes, not " + count + ", after "
                        + timeout + "\n" + corosyncLog());
            }
            sleep(100);
        }
    }

    /**
     * Runs {@code task} in this JVM on a thread inside the node's network namespace: a CPG group or quorum
     * connection opened there belongs to this node.
     */
    public <T> T call(Callable<T> task) throws Exception {
        return Netns.call(netns, 60, task);
    }

    /**
     * Starts a long-running process (a daemon, another JVM) on this node: inside its network namespace, with
     * its private {@code /run}, output appended to {@code dir()/LABEL.log}. The cluster stops it at teardown.
     */
    public NodeProcess exec(String label, Map<String, String> environment, List<String> command) {
        Path log = dir.resolve(label + ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(inNode(command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            NodeProcess process = new NodeProcess(label + "@node" + id, builder.start(), log);
            cluster.track(process);
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command + " on node " + id, e);
        }
    }

    /** Runs a short command on this node (network namespace and {@code /run} as for {@link #exec}); returns its output. */
    public String run(String... command) {
        return Command.check(TOOL_TIMEOUT, inNode(List.of(command)));
    }

    public String corosyncLog() {
        return readTail(dir.resolve("corosync.log"));
    }

    /** {@code ip netns exec NS sh -c 'mount --bind RUN /run && exec "$@"' RUN command...}: exec keeps the pid. */
    List<String> inNode(List<String> command) {
        List<String> full = new ArrayList<>(List.of(cluster.tool("ip"), "netns", "exec", netns, cluster.tool("sh"), "-c",
                cluster.tool("mount") + " --bind \"$0\" /run && exec \"$@\"", runDir().toString()));
        full.addAll(command);
        return full;
    }

    private List<String> netnsCommand(List<String> command) {
        List<String> full = new ArrayList<>(List.of(cluster.tool("ip"), "netns", "exec", netns));
        full.addAll(command);
        return full;
    }

    private Process requireRunning() {
        if (!isRunning()) {
            throw new IllegalStateException("corosync of node " + id + " is not running");
        }
        return corosync;
    }

    private static boolean awaitExit(Process process) {
        try {
            return process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops corosync at teardown, whatever state it is in. */
    synchronized void shutdown() {
        if (isRunning()) {
            stop();
        }
    }

    private static String readTail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "node" + id + "(" + netns + ")";
    }
}
