package org.jfenced.systest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jfenced.nativelib.testcluster.ClusterNode;
import org.jfenced.nativelib.testcluster.CorosyncCluster;
import org.jfenced.nativelib.testcluster.Netns;
import org.jfenced.nativelib.testcluster.NodeProcess;
import org.jfenced.spi.FenceAction;

/**
 * Backend cpg of {@code bin/jfenced} next to the C fence_virtd's cpg backend (Debian {@code fence-virtd},
 * group {@code fence-agents}), on the same three-node corosync cluster of network namespaces: remote
 * status latency from node 1 for a VM on node 3, with N VMs per node, and failover — the time from node
 * 3's crash (its corosync and daemon SIGKILLed), or from node 3's cut (its link down, its corosync and
 * daemon running on), to the first OFF node 1 answers for one of its VMs, and whether that answer was
 * true: whether node 3, asked itself, still runs the VM. The client speaks fence_virt's TCP protocol in
 * process, in node 1's (or 3's) namespace. Run by {@code bench/cpg-bench.sh}; prints Markdown.
 *
 * <p>With {@code --scale 3,8,12} it measures clusters of that many nodes instead, {@code --scale-vms} VMs
 * each: how long after the last daemon started every node answers a status of another node's VM, the
 * remote status latency from node 1 for a VM on the last node, the daemons' CPU per request summed over
 * all nodes, and each daemon's resident memory.
 *
 * <pre>CpgBenchmark [--requests N] [--warmup N] [--vms 100,5000] [--failovers N] [--token MS] [--c-requests N]
 *              [--daemons jfenced,c] [--failover-modes crash,cut] [--self-fence-timeout S] [--latency yes|no]
 *              [--scale 3,8,12] [--scale-vms N]</pre>
 */
public final class CpgBenchmark {

    private static final int PORT = 1229;
    private static final int STATUS = FenceAction.STATUS.code();
    private static final Duration READY_WAIT = Duration.ofSeconds(120);
    private static final Duration FAILOVER_LIMIT = Duration.ofSeconds(30);
    private static final Path C_MODULES = Path.of("/usr/lib/x86_64-linux-gnu/fence-virt");
    /** The most requests jfencectl history reports. */
    private static final int HISTORY = 1000;

    private final CorosyncCluster cluster;
    private final Path dir;
    private final byte[] key;
    private final Path keyFile;
    private final List<NodeProcess> running = new ArrayList<>();
    private final int selfFenceTimeout;
    /** When the last daemon of the current start was launched. */
    private long lastStarted;

    private CpgBenchmark(CorosyncCluster cluster, Path dir, int selfFenceTimeout) throws IOException {
        this.cluster = cluster;
        this.dir = dir;
        this.selfFenceTimeout = selfFenceTimeout;
        this.keyFile = TestHost.writeKey(dir.resolve("fence_xvm.key"), 4096);
        this.key = Files.readAllBytes(keyFile);
    }

    enum Daemon {
        JFENCED("jfenced (backend cpg)"),
        C("C fence_virtd 4.12.1 (backend cpg)");

        final String label;

        Daemon(String label) {
            this.label = label;
        }
    }

    public static void main(String[] args) throws Exception {
        int requests = intArg(args, "--requests", 2000);
        int warmup = intArg(args, "--warmup", 500);
        int cRequests = intArg(args, "--c-requests", 200);
        int failovers = intArg(args, "--failovers", 3);
        int token = intArg(args, "--token", 500);
        List<Integer> vmCounts = Arrays.stream(stringArg(args, "--vms", "100,5000").split(",")).map(Integer::parseInt).toList();
        List<Daemon> daemons = Arrays.stream(stringArg(args, "--daemons", "jfenced,c").split(","))
                .map(d -> Daemon.valueOf(d.toUpperCase(java.util.Locale.ROOT))).toList();
        List<String> modes = Arrays.asList(stringArg(args, "--failover-modes", "crash,cut").split(","));
        int selfFenceTimeout = intArg(args, "--self-fence-timeout", 10);
        boolean measureLatency = !stringArg(args, "--latency", "yes").equals("no");
        Requirements.root();
        Requirements.binary("/usr/sbin/fence_virtd", "fence-virtd");
        Path dir = Files.createTempDirectory("cpgbench");
        String scale = stringArg(args, "--scale", "");
        if (!scale.isEmpty()) {
            try {
                scale(Arrays.stream(scale.split(",")).map(Integer::parseInt).toList(), intArg(args, "--scale-vms", 200),
                        daemons, token, selfFenceTimeout, Math.min(warmup, requests), requests, cRequests, dir);
            } finally {
                deleteTree(dir);
            }
            return;
        }
        try (CorosyncCluster cluster = CorosyncCluster.builder("cpgbench").nodes(3).tokenMs(token).build().start()) {
            CpgBenchmark bench = new CpgBenchmark(cluster, dir, selfFenceTimeout);
            StringBuilder latency = new StringBuilder();
            for (int vms : measureLatency ? vmCounts : List.<Integer>of()) {
                bench.writeHosts(vms);
                for (Daemon d : daemons) {
                    int n = d == Daemon.JFENCED ? requests : Math.min(requests, cRequests);
                    latency.append(bench.latency(d, vms, Math.min(warmup, n), n));
                }
            }
            StringBuilder failover = new StringBuilder();
            bench.writeHosts(vmCounts.get(0));
            for (String mode : modes) {
                for (Daemon d : daemons) {
                    failover.append(bench.failover(d, mode.equals("cut"), failovers, token));
                }
            }
            System.out.println("| daemon | VMs per node | requests | p50 ms | p99 ms | max ms | errors | in the backend p50 / p99 ms |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
            System.out.print(latency);
            System.out.println();
            System.out.println("| daemon | token ms | self_fence_timeout s | node 3 … | → first OFF at node 1, each run (ms) | true? (node 3 itself: is the VM off?) | detail |");
            System.out.println("|---|---:|---:|---|---|---|---|");
            System.out.print(failover);
        } finally {
            deleteTree(dir);
        }
    }

    private static void scale(List<Integer> sizes, int vms, List<Daemon> daemons, int token, int selfFenceTimeout,
            int warmup, int requests, int cRequests, Path dir) throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int nodes : sizes) {
            try (CorosyncCluster cluster = CorosyncCluster.builder("cpgscale").nodes(nodes).tokenMs(token).build()
                    .start()) {
                CpgBenchmark bench = new CpgBenchmark(cluster, dir, selfFenceTimeout);
                bench.writeHosts(vms);
                for (Daemon d : daemons) {
                    int n = d == Daemon.JFENCED ? requests : Math.min(requests, cRequests);
                    String row = bench.atScale(d, vms, Math.min(warmup, n), n);
                    rows.append(row);
                    System.err.print(row);
                }
            }
        }
        System.out.println("| daemon | nodes | VMs per node | every node serving after the last start s | requests"
                + " | p50 ms | p99 ms | errors | daemons' CPU per request, all nodes ms | per node ms | RSS per daemon MB |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        System.out.print(rows);
    }

    /**
     * One cluster size: every daemon started, the time until each node answers a status of the next node's
     * VM (counted from the last start), then remote status from node 1 for a VM on the last node.
     */
    private String atScale(Daemon daemon, int vms, int warmup, int count) throws Exception {
        start(daemon);
        try {
            int n = cluster.size();
            double serving = 0;
            for (ClusterNode node : cluster.nodes()) {
                String remote = vmName(node.id() % n + 1, 0);
                long answered = Netns.call(node.netns(), READY_WAIT.toSeconds() + 10, () -> {
                    TcpFenceClient client = new TcpFenceClient(PORT, key);
                    long deadline = lastStarted + READY_WAIT.toNanos();
                    while (System.nanoTime() < deadline) {
                        try {
                            if (client.request(STATUS, remote, 5_000) == 0) {
                                return System.nanoTime();
                            }
                        } catch (IOException notYet) {
                            // not listening yet, or the group has not settled
                        }
                        Thread.sleep(50);
                    }
                    throw new IllegalStateException("node " + node.id() + " did not answer within " + READY_WAIT);
                });
                serving = Math.max(serving, (answered - lastStarted) / 1e9);
            }
            String target = vmName(n, 0);
            StatusRun run = remoteStatus(target, warmup, count);
            long[] samples = run.sortedNanos();
            double cpuPerRequest = ms(run.daemonsCpuNanos()) / count;
            List<Double> rss = new ArrayList<>();
            for (NodeProcess p : running) {
                rss.add(procStatusKb(p.pid(), "VmRSS") / 1024.0);
            }
            rss.sort(null);
            return String.format("| %s | %d | %d | %.1f | %d | %.2f | %.2f | %d | %.2f | %.2f | %.0f–%.0f |%n", daemon.label, n,
                    vms, serving, count, ms(rank(samples, 0.50)), ms(rank(samples, 0.99)), run.errors(), cpuPerRequest,
                    cpuPerRequest / n, rss.get(0), rss.get(rss.size() - 1));
        } finally {
            stopAll();
        }
    }

    /** Latencies of a request series, sorted; the requests not answered 0; the daemons' CPU time during it. */
    private record StatusRun(long[] sortedNanos, int errors, long daemonsCpuNanos) {
    }

    /** From node 1, one request at a time: {@code warmup} unmeasured, then {@code count} measured. */
    private StatusRun remoteStatus(String target, int warmup, int count) throws Exception {
        return Netns.call(cluster.node(1).netns(), 3600, () -> {
            TcpFenceClient client = new TcpFenceClient(PORT, key);
            for (int i = 0; i < warmup; i++) {
                client.request(STATUS, target, 10_000);
            }
            long[] samples = new long[count];
            int errors = 0;
            long cpuBefore = daemonsCpuNanos();
            for (int i = 0; i < count; i++) {
                long t0 = System.nanoTime();
                int reply;
                try {
                    reply = client.request(STATUS, target, 10_000);
                } catch (IOException e) {
                    reply = -1;
                }
                samples[i] = System.nanoTime() - t0;
                if (reply != 0) {
                    errors++;
                }
            }
            long cpu = daemonsCpuNanos() - cpuBefore;
            Arrays.sort(samples);
            return new StatusRun(samples, errors, cpu);
        });
    }

    /** User and system time of every running daemon, summed. */
    private long daemonsCpuNanos() throws IOException {
        long ticks = 0;
        for (NodeProcess p : running) {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        return ticks * 10_000_000L;
    }

    private static long procStatusKb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("no " + field + " in /proc/" + pid + "/status");
    }

    /** Host K gets VMs K-vm-0000 … all running, with UUIDs of its own. */
    private void writeHosts(int vmsPerNode) throws IOException {
        for (int node = 1; node <= cluster.size(); node++) {
            StringBuilder xml = new StringBuilder("<node>\n  <cpu><mhz>2000</mhz><model>i686</model><active>4</active>"
                    + "<nodes>1</nodes><sockets>1</sockets><cores>4</cores><threads>1</threads></cpu>\n"
                    + "  <memory>8388608</memory>\n");
            for (int i = 0; i < vmsPerNode; i++) {
                String name = vmName(node, i);
                xml.append("  <domain type=\"test\"><name>").append(name).append("</name><uuid>")
                        .append(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)))
                        .append("</uuid><memory>524288</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>\n");
            }
            Files.writeString(hostFile(node), xml.append("</node>\n").toString());
        }
    }

    private static String vmName(int node, int i) {
        return String.format("%d-vm-%04d", node, i);
    }

    private Path hostFile(int node) {
        return dir.resolve("node" + node + ".xml");
    }

    private String latency(Daemon daemon, int vms, int warmup, int count) throws Exception {
        start(daemon);
        try {
            StatusRun run = remoteStatus(vmName(3, 0), warmup, count);
            long[] samples = run.sortedNanos();
            return String.format("| %s | %d | %d | %.2f | %.2f | %.2f | %d | %s |%n", daemon.label, vms, count,
                    ms(rank(samples, 0.50)), ms(rank(samples, 0.99)), ms(samples[count - 1]), run.errors(),
                    daemon == Daemon.JFENCED ? backendPart(count) : "");
        } finally {
            stopAll();
        }
    }

    /**
     * The backend's share, from node 1's request log ({@code jfencectl history}): the dispatcher's call of
     * the cpg backend to its answer — multicast, the acting member's libvirt check, the reply's delivery —
     * p50 / p99 over the last requests it keeps (at most {@value #HISTORY}).
     */
    private String backendPart(int count) {
        List<Double> last = Ctl.of(adminSocket(1)).jsonArray("history", "-n", String.valueOf(Math.min(count, HISTORY)))
                .stream().map(e -> (Map<?, ?>) e).filter(e -> "status".equals(e.get("action")))
                .map(e -> ((Number) e.get("duration_ms")).doubleValue()).sorted().toList();
        if (last.isEmpty()) {
            return "";
        }
        return String.format("%.2f / %.2f", last.get((int) Math.ceil(0.5 * last.size()) - 1),
                last.get((int) Math.ceil(0.99 * last.size()) - 1));
    }

    private String failover(Daemon daemon, boolean cut, int runs, int token) throws Exception {
        List<String> times = new ArrayList<>();
        List<String> truths = new ArrayList<>();
        String detail = "";
        for (int run = 0; run < runs; run++) {
            start(daemon);
            try {
                String target = vmName(3, 0);
                long crash = System.nanoTime();
                if (cut) {
                    cluster.node(3).partition();
                } else {
                    cluster.node(3).kill();
                    running.get(2).kill();
                }
                long[] answered = {-1};
                Netns.call(cluster.node(1).netns(), 120, () -> {
                    TcpFenceClient client = new TcpFenceClient(PORT, key);
                    long deadline = crash + FAILOVER_LIMIT.toNanos();
                    while (System.nanoTime() < deadline) {
                        int left = (int) Math.max(100, (deadline - System.nanoTime()) / 1_000_000);
                        try {
                            if (client.request(STATUS, target, Math.min(left, 10_000)) == 2) {
                                answered[0] = System.nanoTime() - crash;
                                return null;
                            }
                        } catch (IOException e) {
                            Thread.sleep(50);
                        }
                    }
                    return null;
                });
                if (answered[0] < 0) {
                    times.add("none within " + FAILOVER_LIMIT.toSeconds() + " s");
                    detail = "the daemon on node 1 stays blocked waiting for a reply that never comes";
                } else {
                    times.add(String.format("%.0f", ms(answered[0])));
                    truths.add(cut ? offAtNodeThree(target) : "yes (crashed)");
                }
            } finally {
                stopAll();
                cluster.restore();
            }
        }
        return "| " + daemon.label + " | " + token + " | " + (daemon == Daemon.JFENCED ? selfFenceTimeout : "–") + " | "
                + (cut ? "cut off" : "crashed") + " | " + String.join(" / ", times) + " | " + String.join(" / ", truths)
                + " | " + detail + " |\n";
    }

    /** Right after node 1's OFF: node 3's own daemon, asked in node 3's namespace, on the VM. */
    private String offAtNodeThree(String target) throws Exception {
        return Netns.call(cluster.node(3).netns(), 30, () -> {
            try {
                int reply = new TcpFenceClient(PORT, key).request(STATUS, target, 10_000);
                return reply == 2 ? "yes" : reply == 0 ? "**no: it runs on node 3**" : "node 3 answered " + reply;
            } catch (IOException e) {
                return "node 3 did not answer: " + e.getMessage();
            }
        });
    }

    private void start(Daemon daemon) throws Exception {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        for (int attempt = 1; ; attempt++) {
            for (ClusterNode node : cluster.nodes()) {
                running.add(daemon == Daemon.JFENCED ? startJfenced(node) : startC(node));
            }
            lastStarted = System.nanoTime();
            if (daemon == Daemon.JFENCED ? awaitAnswer(deadline) : cDaemonsWork()) {
                return;
            }
            if (daemon == Daemon.JFENCED || System.nanoTime() > deadline) {
                throw new IllegalStateException(daemon.label + " did not answer within " + READY_WAIT + ":\n" + logs());
            }
            System.err.println("C fence_virtd: start " + attempt + " did not work (a CPG thread died, or the first"
                    + " request hung); starting over");
            stopAll();
        }
    }

    /** Whether node 1 answers a status of a node-3 VM before {@code deadline}. */
    private boolean awaitAnswer(long deadline) throws Exception {
        return Netns.call(cluster.node(1).netns(), READY_WAIT.toSeconds() + 10, () -> {
            TcpFenceClient client = new TcpFenceClient(PORT, key);
            while (System.nanoTime() < deadline) {
                try {
                    if (client.request(STATUS, vmName(3, 0), 5_000) == 0) {
                        return true;
                    }
                } catch (IOException notYet) {
                    // not listening yet, or the group has not settled
                }
                Thread.sleep(200);
            }
            return false;
        });
    }

    /**
     * The C daemons, started together, sometimes lose the thread that dispatches CPG events, or hang on their
     * first request for good: they work when each still has its two threads a moment after start and node 1
     * answers a first status of a node-3 VM.
     */
    private boolean cDaemonsWork() throws Exception {
        Thread.sleep(2000);
        for (NodeProcess p : running) {
            try (var tasks = Files.list(Path.of("/proc", Long.toString(p.pid()), "task"))) {
                if (tasks.count() != 2) {
                    return false;
                }
            }
        }
        return awaitAnswer(System.nanoTime() + Duration.ofSeconds(6).toNanos());
    }

    private NodeProcess startJfenced(ClusterNode node) {
        Path config = TestHost.writePrivate(dir.resolve("jfenced-" + node.id() + ".conf"), """
                fence_virtd {
                	listener = "tcp";
                	backend = "cpg";
                	admin_socket = "%s";
                	journal_dir = "%s";
                }
                listeners {
                	tcp {
                		address = "127.0.0.1";
                		port = "%d";
                		key_file = "%s";
                	}
                }
                backends {
                	cpg {
                		uri = "test://%s";
                		request_timeout = "8";
                		self_fence_timeout = "%d";
                	}
                }
                """.formatted(adminSocket(node.id()), dir, PORT, keyFile, hostFile(node.id()), selfFenceTimeout));
        return node.exec("bench-jfenced-" + System.nanoTime(), Map.of(), List.of(
                Requirements.jfencedHome().resolve("bin/jfenced").toString(), "-F", "-f", config.toString(),
                "-p", dir.resolve("jfenced-" + node.id() + ".pid").toString()));
    }

    private Path adminSocket(int node) {
        return dir.resolve("admin-" + node + ".sock");
    }

    private NodeProcess startC(ClusterNode node) {
        Path config = TestHost.writePrivate(dir.resolve("fence_virtd-" + node.id() + ".conf"), """
                fence_virtd {
                	listener = "tcp";
                	backend = "cpg";
                	module_path = "%s";
                }
                listeners {
                	tcp {
                		address = "127.0.0.1";
                		port = "%d";
                		key_file = "%s";
                	}
                }
                backends {
                	cpg {
                		uri = "test://%s";
                	}
                }
                """.formatted(C_MODULES, PORT, keyFile, hostFile(node.id())));
        return node.exec("bench-fence_virtd-" + System.nanoTime(), Map.of(),
                List.of("/usr/sbin/fence_virtd", "-F", "-f", config.toString()));
    }

    /** SIGKILL: the C daemon may sit in a wait that ignores SIGTERM, and nothing here needs a clean stop. */
    private void stopAll() {
        running.forEach(NodeProcess::kill);
        running.clear();
    }

    private String logs() {
        StringBuilder sb = new StringBuilder();
        running.forEach(p -> sb.append("---- ").append(p).append(" ----\n").append(p.logText()).append('\n'));
        return sb.toString();
    }

    private static long rank(long[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static int intArg(String[] args, String name, int fallback) {
        return Integer.parseInt(stringArg(args, name, String.valueOf(fallback)));
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static void deleteTree(Path path) throws IOException {
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
