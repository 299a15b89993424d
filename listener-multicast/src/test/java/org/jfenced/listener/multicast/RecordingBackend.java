package org.jfenced.listener.multicast;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.Health;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;

/** A backend that records every call and answers SUCCESS, after a delay for VMs told to be slow. */
final class RecordingBackend implements FenceBackend {

    final List<FenceRequest> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();

    RecordingBackend slow(String vm, Duration delay) {
        delays.put(vm, delay);
        return this;
    }

    long callsFor(String vm) {
        return calls.stream().filter(r -> r.target().equals(vm)).count();
    }

    @Override
    public CompletionStage<FenceOutcome> fence(FenceRequest request) {
        calls.add(request);
        FenceOutcome done = FenceOutcome.local(FenceResult.SUCCESS);
        Duration delay = delays.get(request.target());
        if (delay == null) {
            return CompletableFuture.completedFuture(done);
        }
        return CompletableFuture.supplyAsync(() -> done,
                CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public CompletionStage<List<VmInfo>> hostList() {
        return CompletableFuture.completedFuture(List.of(
                new VmInfo("vm-a", "11111111-1111-1111-1111-111111111111", VmState.RUNNING),
                new VmInfo("vm-b", "22222222-2222-2222-2222-222222222222", VmState.SHUTOFF)));
    }

    @Override
    public Health health() {
        return new Health(true, "recording", List.of());
    }

    @Override
    public void close() {
    }
}
