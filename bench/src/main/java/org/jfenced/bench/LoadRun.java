package org.jfenced.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jfenced.spi.VmInfo;

/** Runs N clients on their own threads until a budget is spent and collects what they saw. */
final class LoadRun {

    /**
     * What a run measured.
     *
     * @param wallNanos from starting the first client until the last one finished
     * @param generatorCpuNanos CPU time this JVM used meanwhile (all threads), to show what the
     *     generator itself costs
     * @param machineBusyNanos CPU time all processes used meanwhile, see {@link ProcFs#machineBusyNanos}
     */
    record Measured(Outcomes outcomes, long wallNanos, long generatorCpuNanos, long machineBusyNanos) {
    }

    private final FenceTcpClient client;
    private final Seqnos seqnos;
    private final Mix mix;
    private final List<VmInfo> vms;
    private final int concurrency;

    LoadRun(FenceTcpClient client, Seqnos seqnos, Mix mix, List<VmInfo> vms, int concurrency) {
        this.client = client;
        this.seqnos = seqnos;
        this.mix = mix;
        this.vms = vms;
        this.concurrency = concurrency;
    }

    Measured run(Supplier<Budget> budgetFactory) throws IOException, InterruptedException {
        List<LoadClient> clients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long cpuBefore = processCpuNanos();
        long busyBefore = ProcFs.machineBusyNanos();
        long start = System.nanoTime();
        Budget budget = budgetFactory.get();
        for (int i = 0; i < concurrency; i++) {
            LoadClient c = new LoadClient(client, seqnos, mix, ClientTargets.deal(vms, i, concurrency), budget,
                    start + i);
            clients.add(c);
            Thread t = new Thread(c, "load-client-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long wall = System.nanoTime() - start;
        Outcomes all = new Outcomes();
        clients.forEach(c -> all.addAll(c.outcomes()));
        return new Measured(all, wall, processCpuNanos() - cpuBefore, ProcFs.machineBusyNanos() - busyBefore);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
