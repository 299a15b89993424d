package org.jfenced.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jfenced.spi.VmInfo;

/**
 * Load generator for fence_virtd-compatible TCP listeners (jfenced, the C fence_virtd): N closed-loop
 * clients send signed STATUS requests and OFF/ON cycles for a fixed time or request count and report
 * throughput, latency percentiles, failed requests and wrong replies.
 *
 * <p>The VMs come from the daemon's own host list, fetched once before the run and not measured. On a
 * shared machine other processes can take CPU from the run: the measured phase is then repeated, up to
 * {@code --attempts} times, and the attempt that other processes disturbed least is reported, with the
 * failures of every attempt.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("LoadGenerator: " + e.getMessage());
            System.err.print(LoadOptions.USAGE);
            System.exit(64);
            return;
        }
        try {
            run(options);
        } catch (IOException | IllegalStateException e) {
            System.err.println("LoadGenerator: " + e.getMessage());
            System.exit(1);
        }
    }

    static LoadReport run(LoadOptions options) throws IOException, InterruptedException {
        FenceTcpClient client = new FenceTcpClient(new InetSocketAddress(options.host(), options.port()),
                KeyMaterial.read(options.keyFile()), options.hash(), options.auth(), options.timeout());
        Seqnos seqnos = new Seqnos();
        List<VmInfo> vms = client.hostList(seqnos.next());
        if (vms.isEmpty()) {
            throw new IllegalStateException("the daemon lists no VMs to send requests for");
        }
        if (options.mix().hasCycles() && vms.size() < options.concurrency()) {
            throw new IllegalStateException("OFF/ON cycles need a VM per client: " + vms.size() + " VMs, "
                    + options.concurrency() + " clients");
        }
        LoadRun load = new LoadRun(client, seqnos, options.mix(), vms, options.concurrency());
        if (!options.warmup().isZero()) {
            load.run(() -> Budget.forDuration(options.warmup()));
        }
        Supplier<Budget> budget = options.requests().<Supplier<Budget>>map(n -> () -> Budget.forRequests(n))
                .orElse(() -> Budget.forDuration(options.duration()));
        List<LoadReport> attempts = new ArrayList<>();
        LoadReport best;
        do {
            attempts.add(measure(options, vms.size(), load, budget));
            best = attempts.stream().min(Comparator.comparingDouble(LoadReport::othersCpuShare)).orElseThrow();
        } while (best.othersCpuShare() > options.maxBackground() && attempts.size() < options.attempts());
        PrintStream text = options.jsonToStdout() ? System.err : System.out;
        text.print(best.text(attempts));
        if (options.json().isPresent()) {
            if (options.jsonToStdout()) {
                System.out.print(best.json(attempts));
            } else {
                Files.writeString(options.json().get(), best.json(attempts), StandardCharsets.UTF_8);
            }
        }
        return best;
    }

    /** One measured phase, with the daemon's cost around it when its pid is known. */
    private static LoadReport measure(LoadOptions options, int vmCount, LoadRun load, Supplier<Budget> budget)
            throws IOException, InterruptedException {
        Optional<Long> pid = options.daemonPid();
        long daemonCpuBefore = pid.isPresent() ? ProcFs.cpuNanos(pid.get()) : 0;
        LoadRun.Measured measured = load.run(budget);
        Optional<DaemonCost> cost = pid.isPresent()
                ? Optional.of(DaemonCost.since(pid.get(), daemonCpuBefore)) : Optional.empty();
        return new LoadReport(options, vmCount, measured, cost);
    }
}
