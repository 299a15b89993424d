package org.jfenced.backend.docker;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Runs the work for one target after the work before it for the same target has ended. A client that
 * gave up and retried (Pacemaker does) sends a second reboot while the first still runs; without the
 * queue, the second's kill could land after the first's start and leave the guest down.
 */
final class TargetQueue {

    private static final CompletableFuture<Void> IDLE = CompletableFuture.completedFuture(null);

    /** The end of the last work submitted per target, while it runs. */
    private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();

    synchronized <T> CompletionStage<T> submit(String target, Supplier<CompletionStage<T>> work) {
        CompletableFuture<T> result = tails.getOrDefault(target, IDLE).thenCompose(ignored -> work.get());
        CompletableFuture<Void> tail = result.handle((v, e) -> null);
        tails.put(target, tail);
        tail.thenRun(() -> forget(target, tail));
        return result;
    }

    private synchronized void forget(String target, CompletableFuture<Void> tail) {
        tails.remove(target, tail);
    }
}
