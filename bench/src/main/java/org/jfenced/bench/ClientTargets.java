package org.jfenced.bench;

import java.util.ArrayList;
import java.util.List;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;

/**
 * The VMs one client works on. The host list is dealt out round-robin, so with at least as many VMs
 * as clients no two clients touch the same VM: each client then knows the state of its own VMs and can
 * tell a wrong reply from a right one even while it powers them off and on.
 */
public final class ClientTargets {

    private final List<VmInfo> all;
    private final List<VmInfo> running;
    private int nextStatus;
    private int nextCycle;

    private ClientTargets(List<VmInfo> all, List<VmInfo> running) {
        this.all = all;
        this.running = running;
    }

    /** Client {@code index}'s share of {@code vms}; with fewer VMs than clients, shares overlap. */
    public static ClientTargets deal(List<VmInfo> vms, int index, int clients) {
        if (vms.isEmpty()) {
            throw new IllegalArgumentException("no VMs to send requests for");
        }
        List<VmInfo> mine = new ArrayList<>();
        for (int i = index % vms.size(); i < vms.size(); i += clients) {
            mine.add(vms.get(i));
        }
        List<VmInfo> running = mine.stream().filter(vm -> vm.state() == VmState.RUNNING).toList();
        return new ClientTargets(List.copyOf(mine), running);
    }

    /** The next VM to ask the status of, cycling through all of this client's VMs. */
    public VmInfo nextStatusTarget() {
        VmInfo vm = all.get(nextStatus);
        nextStatus = (nextStatus + 1) % all.size();
        return vm;
    }

    /** Whether this client owns a running VM it may power off and on again. */
    public boolean canCycle() {
        return !running.isEmpty();
    }

    /** The next running VM to power off and on. */
    public VmInfo nextCycleTarget() {
        VmInfo vm = running.get(nextCycle);
        nextCycle = (nextCycle + 1) % running.size();
        return vm;
    }

    /** The reply a correct daemon gives to STATUS for {@code vm} outside a cycle: 0 on, 2 off. */
    public static int expectedStatus(VmInfo vm) {
        return vm.state().isOn() ? 0 : 2;
    }
}
