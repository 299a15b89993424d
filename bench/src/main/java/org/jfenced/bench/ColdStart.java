package org.jfenced.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.Json;
import org.jfenced.spi.VmInfo;
import org.jfenced.xvm.wire.HashType;

/**
 * A daemon's first seconds: starts it, times how long until its port listens (ready), the latency of
 * the very first STATUS request sent right then, and then a fixed time of closed-loop load on the fresh
 * daemon with its CPU time, threads and memory. The daemon keeps running afterwards; its pid is written
 * to a file so that the runner can measure it further and stop it.
 *
 * <p>This JVM's own client is warmed against a {@link TrivialResponder} first, so that the first
 * request's latency is the daemon's and not the client's class loading.
 *
 * <p>{@code ColdStart --port PORT --key FILE --domain VM --pid-file FILE --log FILE --json FILE
 * [--seconds S] [--concurrency N] [--mix SPEC] [--label K=V]... -- COMMAND [ARG]...}
 */
public final class ColdStart {

    private static final Duration READY_LIMIT = Duration.ofSeconds(60);
    private static final int CLIENT_WARMUP_REQUESTS = 2000;

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        int split = Arrays.asList(args).indexOf("--");
        if (split < 0 || split == args.length - 1) {
            System.err.println("usage: ColdStart OPTIONS -- COMMAND [ARG]...");
            System.exit(64);
        }
        List<String> command = List.of(args).subList(split + 1, args.length);
        List<String> own = new ArrayList<>(List.of(args).subList(0, split));
        Path pidFile = Path.of(take(own, "--pid-file"));
        Path log = Path.of(take(own, "--log"));
        String domain = take(own, "--domain");
        double seconds = Double.parseDouble(Optional.ofNullable(takeOptional(own, "--seconds")).orElse("10"));
        own.addAll(List.of("--duration", Double.toString(seconds)));
        LoadOptions options = LoadOptions.parse(own.toArray(String[]::new));
        byte[] key = KeyMaterial.read(options.keyFile());
        warmClient(key, options);

        FenceTcpClient client = new FenceTcpClient(new InetSocketAddress(options.host(), options.port()), key,
                options.hash(), options.auth(), options.timeout());
        if (ListeningPort.isListening(options.port())) {
            fail("port " + options.port() + " is taken before the daemon starts");
        }
        long started = System.nanoTime();
        Process daemon = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Files.writeString(pidFile, daemon.pid() + "\n", StandardCharsets.US_ASCII);
        long ready = waitUntilListening(daemon, options.port(), started);
        long cpuAtReady = ProcFs.cpuNanos(daemon.pid());
        Seqnos seqnos = new Seqnos();
        FenceTcpClient.Reply first = client.request(FenceAction.STATUS, domain, seqnos.next());
        if (first.code() != 0 && first.code() != 2) {
            fail("the first STATUS of " + domain + " was answered with " + first.code());
        }
        // what the first request cost the daemon, in 10-ms ticks: its latency on a loaded machine is mostly waiting for a CPU
        long cpuAfterFirst = ProcFs.cpuNanos(daemon.pid());
        int threadsAtReady = ProcFs.threads(daemon.pid());
        List<VmInfo> vms = client.hostList(seqnos.next());
        long cpuBefore = ProcFs.cpuNanos(daemon.pid());
        LoadRun.Measured measured = new LoadRun(client, seqnos, options.mix(), vms, options.concurrency())
                .run(() -> Budget.forDuration(options.duration()));
        LoadReport report = new LoadReport(options, vms.size(), measured,
                Optional.of(DaemonCost.since(daemon.pid(), cpuBefore)));
        System.out.print(report.text());

        Map<String, Object> j = new LinkedHashMap<>();
        j.put("ready_ms", LoadReport.millis(ready - started));
        j.put("cpu_at_ready_ms", LoadReport.millis(cpuAtReady));
        j.put("first_request_ms", LoadReport.millis(first.latencyNanos()));
        j.put("first_request_code", first.code());
        j.put("first_request_cpu_ms", LoadReport.millis(cpuAfterFirst - cpuAtReady));
        j.put("threads_at_ready", threadsAtReady);
        j.put("threads_after", ProcFs.threads(daemon.pid()));
        j.put("load", report.asMap(List.of(report)));
        Files.writeString(options.json().orElseThrow(), Json.write(j) + "\n", StandardCharsets.UTF_8);
        System.out.printf("ready      %.1f ms after start; first request %.2f ms%n", (ready - started) / 1e6,
                first.latencyNanos() / 1e6);
    }

    /** Sends requests to a trivial responder until this JVM's client side is compiled. */
    private static void warmClient(byte[] key, LoadOptions options) throws IOException {
        try (TrivialResponder responder = TrivialResponder.start(0, key, options.auth(), 10)) {
            FenceTcpClient warm = new FenceTcpClient(new InetSocketAddress("127.0.0.1", responder.port()), key,
                    options.hash(), options.auth(), options.timeout());
            Seqnos seqnos = new Seqnos();
            for (int i = 0; i < CLIENT_WARMUP_REQUESTS; i++) {
                warm.request(FenceAction.STATUS, "vm-warm", seqnos.next());
            }
        }
    }

    /** The nanoTime at which the port was first seen listening; polls every 0.2 ms. */
    private static long waitUntilListening(Process daemon, int port, long started)
            throws IOException, InterruptedException {
        long limit = started + READY_LIMIT.toNanos();
        while (!ListeningPort.isListening(port)) {
            if (!daemon.isAlive()) {
                fail("the daemon exited with " + daemon.exitValue() + " before it listened");
            }
            if (System.nanoTime() - limit > 0) {
                fail("the daemon did not listen on port " + port + " within " + READY_LIMIT.toSeconds() + " s");
            }
            TimeUnit.MICROSECONDS.sleep(200);
        }
        return System.nanoTime();
    }

    private static String take(List<String> args, String option) {
        String v = takeOptional(args, option);
        if (v == null) {
            throw new IllegalArgumentException(option + " is required");
        }
        return v;
    }

    private static String takeOptional(List<String> args, String option) {
        int i = args.indexOf(option);
        if (i < 0 || i + 1 >= args.size()) {
            return null;
        }
        String v = args.get(i + 1);
        args.subList(i, i + 2).clear();
        return v;
    }

    private static void fail(String message) {
        System.err.println("ColdStart: " + message);
        System.exit(1);
    }
}
