package org.jfenced.bench;

import java.io.IOException;
import java.util.SplittableRandom;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.VmInfo;

/**
 * One closed-loop client: sends a request, waits for the reply, sends the next, until the budget is
 * spent. An OFF/ON cycle is always finished, so every VM is running again when the run ends.
 */
final class LoadClient implements Runnable {

    private final FenceTcpClient client;
    private final Seqnos seqnos;
    private final Mix mix;
    private final ClientTargets targets;
    private final Budget budget;
    private final SplittableRandom random;
    private final Outcomes outcomes = new Outcomes();

    LoadClient(FenceTcpClient client, Seqnos seqnos, Mix mix, ClientTargets targets, Budget budget, long seed) {
        this.client = client;
        this.seqnos = seqnos;
        this.mix = mix;
        this.targets = targets;
        this.budget = budget;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void run() {
        while (true) {
            boolean cycle = targets.canCycle() && mix.nextIsCycle(random);
            if (cycle && budget.take(2)) {
                VmInfo vm = targets.nextCycleTarget();
                send(FenceAction.OFF, vm, 0);
                send(FenceAction.ON, vm, 0);
                continue;
            }
            // a cycle that no longer fits whole gives way to a status, so a request count is met exactly
            if ((cycle && !mix.hasStatus()) || !budget.take(1)) {
                return;
            }
            VmInfo vm = targets.nextStatusTarget();
            send(FenceAction.STATUS, vm, ClientTargets.expectedStatus(vm));
        }
    }

    private void send(FenceAction action, VmInfo vm, int expected) {
        try {
            outcomes.answered(action, client.request(action, vm.name(), seqnos.next()), expected);
        } catch (IOException e) {
            outcomes.failed(e);
        }
    }

    Outcomes outcomes() {
        return outcomes;
    }
}
