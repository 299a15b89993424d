package org.jfenced.spi.testkit;

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

/**
 * A backend for tests of what sits in front of one (dispatcher, listeners): it records every request,
 * answers SUCCESS — or what a test scripts, after a delay for VMs told to be slow — and lists
 * {@code vm-a} (running) and {@code vm-b} (shut off).
 */
public class RecordingBackend implements FenceBackend {

    public static final VmInfo VM_A = new VmInfo("vm-a", "11111111-1111-1111-1111-111111111111", VmState.RUNNING);
    public static final VmInfo VM_B = new VmInfo("vm-b", "22222222-2222-2222-2222-222222222222", VmState.SHUTOFF);

    /** Every request, in arrival order. */
    public final List<FenceRequest> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private volatile CompletionStage<FenceResult> answer = CompletableFuture.completedFuture(FenceResult.SUCCESS);

    /** Answers every later request with {@code stage}: one that never completes, fails, or a result. */
    public RecordingBackend answering(CompletionStage<FenceResult> stage) {
        answer = stage;
        return this;
    }

    /** Answers requests for {@code vm} only after {@code delay}. */
    public RecordingBackend slow(String vm, Duration delay) {
        delays.put(vm, delay);
        return this;
    }

    public long callsFor(String vm) {
        return calls.stream().filter(r -> r.target().equals(vm)).count();
    }

    @Override
    public CompletionStage<FenceOutcome> fence(FenceRequest request) {
        calls.add(request);
        CompletionStage<FenceResult> result = answer;
        Duration delay = delays.get(request.target());
        if (delay != null) {
            result = result.thenApplyAsync(r -> r,
                    CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
        }
        return result.thenApply(FenceOutcome::local);
    }

    @Override
    public CompletionStage<List<VmInfo>> hostList() {
        return CompletableFuture.completedFuture(List.of(VM_A, VM_B));
    }

    @Override
    public Health health() {
        return new Health(true, "recording", List.of());
    }

    @Override
    public void close() {
    }
}
