package org.jfenced.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.Health;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;

/**
 * A backend with fence_virtd's libvirt semantics over an in-memory VM table: status of an unknown VM
 * is OFF, off and on of a VM already in that state succeed. It remembers every request it served.
 */
final class FakeHypervisor implements FenceBackend {

    private final Map<String, VmInfo> vms = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<FenceRequest> served = new ConcurrentLinkedQueue<>();
    private volatile boolean lieAboutStatus;

    FakeHypervisor(List<VmInfo> initial) {
        initial.forEach(vm -> vms.put(vm.name(), vm));
    }

    /** Builds {@code vm-0}… with every {@code offEvery}-th VM shut off. */
    static FakeHypervisor withVms(int count, int offEvery) {
        List<VmInfo> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(new VmInfo("vm-" + i, "00000000-0000-4000-8000-%012d".formatted(i),
                    i % offEvery == offEvery - 1 ? VmState.SHUTOFF : VmState.RUNNING));
        }
        return new FakeHypervisor(list);
    }

    /** From now on, answer status with the opposite of the truth, as a broken daemon would. */
    void lieAboutStatus() {
        lieAboutStatus = true;
    }

    List<FenceRequest> served() {
        return List.copyOf(served);
    }

    VmState stateOf(String name) {
        return vms.get(name).state();
    }

    @Override
    public CompletionStage<FenceOutcome> fence(FenceRequest request) {
        served.add(request);
        VmInfo vm = vms.get(request.target());
        FenceResult result = switch (request.action()) {
            case STATUS -> status(vm);
            case OFF -> set(vm, VmState.SHUTOFF);
            case ON -> set(vm, VmState.RUNNING);
            default -> FenceResult.FAIL;
        };
        return CompletableFuture.completedFuture(FenceOutcome.local(result));
    }

    private FenceResult status(VmInfo vm) {
        if (vm == null) {
            return FenceResult.OFF;
        }
        boolean reportOn = vm.state().isOn() != lieAboutStatus;
        return reportOn ? FenceResult.SUCCESS : FenceResult.OFF;
    }

    private FenceResult set(VmInfo vm, VmState state) {
        if (vm == null) {
            return FenceResult.FAIL;
        }
        vms.put(vm.name(), new VmInfo(vm.name(), vm.uuid(), state));
        return FenceResult.SUCCESS;
    }

    @Override
    public CompletionStage<List<VmInfo>> hostList() {
        return CompletableFuture.completedFuture(vms.values().stream()
                .sorted(Comparator.comparing(VmInfo::name, String.CASE_INSENSITIVE_ORDER)).toList());
    }

    @Override
    public Health health() {
        return new Health(true, "fake", List.of());
    }

    @Override
    public void close() {
        vms.clear();
    }
}
