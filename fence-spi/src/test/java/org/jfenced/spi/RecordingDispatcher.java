package org.jfenced.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A dispatcher for listeners' tests: it records what reaches it and answers what the test set — per
 * target a result, or a future the test completes later; success otherwise — and refuses claims for
 * requests answered before (same action, seqno and target), as the daemon's history does.
 */
public final class RecordingDispatcher implements RequestDispatcher {

    public final List<FenceRequest> dispatched = new CopyOnWriteArrayList<>();
    public final List<DropReason> drops = new CopyOnWriteArrayList<>();
    public final Map<String, CompletableFuture<FenceResult>> answers = new ConcurrentHashMap<>();
    public volatile List<VmInfo> hostList = List.of();
    private final Set<String> answered = ConcurrentHashMap.newKeySet();

    @Override
    public boolean isDuplicate(FenceRequest request) {
        return answered.contains(key(request));
    }

    @Override
    public Optional<Claim> claim(FenceRequest request) {
        if (isDuplicate(request)) {
            return Optional.empty();
        }
        return Optional.of(new Claim() {
            @Override
            public void answered() {
                answered.add(key(request));
            }

            @Override
            public void abandon() {
            }
        });
    }

    @Override
    public CompletionStage<FenceResult> dispatch(FenceRequest request) {
        dispatched.add(request);
        return answers.getOrDefault(request.target(), CompletableFuture.completedFuture(FenceResult.SUCCESS));
    }

    @Override
    public CompletionStage<List<VmInfo>> hostList(FenceRequest request) {
        dispatched.add(request);
        return CompletableFuture.completedFuture(hostList);
    }

    @Override
    public void dropped(String listener, DropReason reason) {
        drops.add(reason);
    }

    private static String key(FenceRequest r) {
        return r.action() + "/" + r.seqno() + "/" + r.target().toLowerCase();
    }
}
