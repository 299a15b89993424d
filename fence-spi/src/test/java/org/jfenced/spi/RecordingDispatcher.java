package org.jfenced.spi;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A dispatcher for listeners' tests: it records what reaches it and answers what the test set — per
 * target a result, or a future the test completes later; success otherwise; the host list for
 * {@code list} — and answers {@link Answer.Duplicate} for a request served before (same action, seqno
 * and target), as the daemon's history does.
 */
public final class RecordingDispatcher implements RequestDispatcher {

    public final List<FenceRequest> dispatched = new CopyOnWriteArrayList<>();
    public final List<DropReason> drops = new CopyOnWriteArrayList<>();
    public final Map<String, CompletableFuture<FenceResult>> answers = new ConcurrentHashMap<>();
    public volatile List<VmInfo> hostList = List.of();
    private final Set<String> served = ConcurrentHashMap.newKeySet();

    @Override
    public boolean isDuplicate(FenceRequest request) {
        return served.contains(key(request));
    }

    @Override
    public CompletionStage<Answer> serve(FenceRequest request) {
        if (!served.add(key(request))) {
            return CompletableFuture.completedFuture(new Answer.Duplicate());
        }
        dispatched.add(request);
        if (request.action() == FenceAction.HOSTLIST) {
            return CompletableFuture.completedFuture(new Answer.HostList(hostList));
        }
        return answers.getOrDefault(request.target(), CompletableFuture.completedFuture(FenceResult.SUCCESS))
                .thenApply(Answer.Result::new);
    }

    @Override
    public void dropped(String listener, DropReason reason) {
        drops.add(reason);
    }

    private static String key(FenceRequest r) {
        return r.action() + "/" + r.seqno() + "/" + r.target().toLowerCase();
    }
}
