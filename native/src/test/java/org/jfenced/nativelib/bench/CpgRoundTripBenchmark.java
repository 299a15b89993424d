package org.jfenced.nativelib.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jfenced.nativelib.cpg.CpgGroup;
import org.jfenced.nativelib.testcluster.ClusterNode;
import org.jfenced.nativelib.testcluster.CorosyncCluster;
import org.jfenced.nativelib.testcluster.NodeProcess;

/**
 * CPG round trip (multicast → own delivery) through the Java binding next to the C baseline
 * ({@code src/test/c/cpg_roundtrip.c}), on a one-node and a three-node cluster of this machine, rounds
 * interleaved so all see the same machine load. Each Java variant is compared with the C program of the
 * same shape: sending from the dispatch thread with C sending and dispatching on one thread, sending from
 * another thread with C's dispatch thread waking the sender (two thread wake-ups per round trip instead of
 * one, whatever the language). Run by {@code bench/cpg-roundtrip.sh}.
 *
 * <p>On clusters of two nodes or more the same rounds also measure request → reply, the floor of a request
 * that another member answers: node 1 multicasts, the last node answers each request with a multicast of its
 * own, node 1 waits for that reply's delivery (group {@code bench-reply}, the nodes in between members too, so
 * every delivery reaches as many members as a daemon's group has).
 *
 * <pre>CpgRoundTripBenchmark --c-binary PATH [--count 2000] [--warmup 1000] [--rounds 3] [--size 64] [--nodes 1,3]</pre>
 */
public final class CpgRoundTripBenchmark {
    private static final String GROUP = "bench";
    private static final String REPLY_GROUP = "bench-reply";

    private CpgRoundTripBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path cBinary = Path.of(required(options, "c-binary")).toAbsolutePath();
        int count = Integer.parseInt(options.getOrDefault("count", "2000"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "1000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        int size = Integer.parseInt(options.getOrDefault("size", "64"));
        List<Integer> nodeCounts = List.of(options.getOrDefault("nodes", "1,3").split(",")).stream()
                .map(Integer::parseInt).collect(Collectors.toList());

        List<String> table = new ArrayList<>();
        table.add("| cluster | implementation | samples | p50 µs | p99 µs | p50 per round µs | p50 − C of the same shape µs |");
        table.add("|---|---|---:|---:|---:|---|---:|");
        List<String> replyTable = new ArrayList<>();
        replyTable.add("| cluster | request → reply | samples | p50 µs | p99 µs | p50 per round µs | p50 / C round trip | p99 / C round trip |");
        replyTable.add("|---|---|---:|---:|---:|---|---:|---:|");
        for (int nodes : nodeCounts) {
            Samples c = new Samples();
            Samples cHandoff = new Samples();
            Samples caller = new Samples();
            Samples dispatch = new Samples();
            Samples replyDispatch = new Samples();
            Samples replyCaller = new Samples();
            Samples replyHandOff = new Samples();
            try (CorosyncCluster cluster = CorosyncCluster.builder("bench" + nodes).nodes(nodes).build().start()) {
                List<CpgGroup> passive = new ArrayList<>();
                for (int id = 2; id <= nodes; id++) {
                    passive.add(cluster.node(id).call(() -> CpgGroup.join(GROUP, quiet())));
                    if (id < nodes) {
                        passive.add(cluster.node(id).call(() -> CpgGroup.join(REPLY_GROUP, quiet())));
                    }
                }
                RoundTripProbe.Answerer answerer = nodes < 2 ? null
                        : cluster.node(nodes).call(() -> RoundTripProbe.Answerer.join(REPLY_GROUP));
                ClusterNode node1 = cluster.node(1);
                for (int round = 1; round <= rounds; round++) {
                    c.addRun(runC(node1, cBinary, "same-thread", round, count, warmup, size));
                    dispatch.addRun(node1.call(() -> RoundTripProbe.fromDispatchThread(GROUP, count, warmup, size)));
                    cHandoff.addRun(runC(node1, cBinary, "handoff", round, count, warmup, size));
                    caller.addRun(node1.call(() -> RoundTripProbe.fromCallerThread(GROUP, count, warmup, size)));
                    if (answerer != null) {
                        answerer.handOff(false);
                        replyDispatch.addRun(node1.call(() -> RoundTripProbe.fromDispatchThread(REPLY_GROUP, count, warmup, size, true)));
                        replyCaller.addRun(node1.call(() -> RoundTripProbe.fromCallerThread(REPLY_GROUP, count, warmup, size, true)));
                        answerer.handOff(true);
                        replyHandOff.addRun(node1.call(() -> RoundTripProbe.fromCallerThread(REPLY_GROUP, count, warmup, size, true)));
                        answerer.check();
                    }
                    System.err.printf("%d node(s), round %d/%d done%n", nodes, round, rounds);
                }
                if (answerer != null) {
                    answerer.close();
                }
                passive.forEach(CpgGroup::close);
            }
            String cluster = nodes == 1 ? "1 node" : nodes + " nodes (knet)";
            table.add(row(cluster, "C, send and dispatch on one thread", c, c.percentile(50)));
            table.add(row(cluster, "Java, send from the listener (dispatch thread)", dispatch, c.percentile(50)));
            table.add(row(cluster, "C, dispatch thread wakes the sender", cHandoff, cHandoff.percentile(50)));
            table.add(row(cluster, "Java, send from a caller thread, woken on delivery", caller, cHandoff.percentile(50)));
            if (nodes >= 2) {
                replyTable.add(replyRow(cluster, "Java, both sides on their dispatch threads", replyDispatch, c));
                replyTable.add(replyRow(cluster, "Java, caller thread woken on the reply; answered from the dispatch thread",
                        replyCaller, c));
                replyTable.add(replyRow(cluster, "Java, caller thread woken on the reply; the dispatch thread wakes a worker"
                        + " that answers", replyHandOff, c));
            }
        }
        System.out.printf("%nCPG round trip, %d-byte messages, %d rounds × %d samples (after %d warm-up) per implementation%n%n",
                size, rounds, count, warmup);
        table.forEach(System.out::println);
        if (replyTable.size() > 2) {
            System.out.printf("%nRequest → reply (node 1 asks, the last node answers), the same rounds; ratios against the"
                    + " C round trip of the same thread%n%n");
            replyTable.forEach(System.out::println);
        }
    }

    private static RoundTripProbe.QuietListener quiet() {
        return new RoundTripProbe.QuietListener() {
            @Override
            public void onMessage(int nodeId, int pid, byte[] message) {
            }
        };
    }

    private static String replyRow(String cluster, String shape, Samples samples, Samples roundTrip) {
        String perRound = samples.roundMedians().stream().map(m -> String.format("%.0f", m)).collect(Collectors.joining(" / "));
        return String.format("| %s | %s | %d | %.1f | %.1f | %s | %.2f | %.2f |", cluster, shape, samples.count(),
                samples.percentile(50), samples.percentile(99), perRound, samples.percentile(50) / roundTrip.percentile(50),
                samples.percentile(99) / roundTrip.percentile(99));
    }

    private static double[] runC(ClusterNode node, Path binary, String mode, int round, int count, int warmup, int size) {
        NodeProcess c = node.exec("cpg-roundtrip-c-" + mode + "-" + round, Map.of(), List.of(binary.toString(), GROUP,
                Integer.toString(count), Integer.toString(warmup), Integer.toString(size), mode));
        if (!c.awaitExit(Duration.ofMinutes(2)) || c.stop() != 0) {
            throw new IllegalStateException("C benchmark failed:\n" + c.logText());
        }
        return c.logText().lines().filter(line -> !line.isBlank()).mapToDouble(Double::parseDouble).toArray();
    }

    private static String row(String cluster, String implementation, Samples samples, double cP50) {
        String perRound = samples.roundMedians().stream().map(m -> String.format("%.0f", m)).collect(Collectors.joining(" / "));
        return String.format("| %s | %s | %d | %.1f | %.1f | %s | %+.1f |", cluster, implementation, samples.count(),
                samples.percentile(50), samples.percentile(99), perRound, samples.percentile(50) - cP50);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: --c-binary PATH [--count N] [--warmup N] [--rounds N] [--size BYTES] [--nodes 1,3]");
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
