package org.jfenced.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.RequestDispatcher;
import org.jfenced.spi.VmInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request path between listeners and the backend: duplicate history, the groups ACL, a deadline on
 * every backend call, counters and the request log.
 *
 * <p>fence_virtd's rules: NULL is answered with failure by every backend, so it never reaches one;
 * NULL and DEVSTATUS are not subject to the ACL; the host list is filtered per VM.
 */
public final class Dispatcher implements RequestDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final FenceBackend backend;
    private final AclGroups acl;
    private final Duration backendDeadline;
    private final DuplicateHistory history = new DuplicateHistory();
    private final RequestStats stats = new RequestStats();
    private final RequestLog log = new RequestLog(1000);

    /**
     * @param backendDeadline how long a backend may take before the request is answered FAIL; below
     *     the clients' 30-second timeout so they always get an answer
     */
    public Dispatcher(FenceBackend backend, AclGroups acl, Duration backendDeadline) {
        this.backend = backend;
        this.acl = acl;
        this.backendDeadline = backendDeadline;
    }

    @Override
    public boolean isDuplicate(FenceRequest request) {
        return history.isDuplicate(request);
    }

    @Override
    public Optional<Claim> claim(FenceRequest request) {
        Optional<Claim> claim = history.claim(request);
        if (claim.isEmpty()) {
            dropped(request.origin(), DropReason.DUPLICATE);
        }
        return claim;
    }

    @Override
    public CompletionStage<FenceResult> dispatch(FenceRequest request) {
        Instant start = Instant.now();
        RequestStats.Counters counters = stats.of(request.origin());
        counters.requests.increment();
        return decide(request).handle((result, error) -> {
            FenceResult r = result;
            if (error != null) {
                LOG.error("{}: backend failed: {}", request, error.toString());
                r = FenceResult.FAIL;
            }
            counters.replied(r);
            Duration took = Duration.between(start, Instant.now());
            log.add(new RequestLog.Entry(start, request, r.name(), took));
            if (request.action().changesPower() || r == FenceResult.PERMISSION_DENIED) {
                LOG.info("{}: {} in {} ms", request, r, took.toMillis());
            } else {
                LOG.debug("{}: {} in {} ms", request, r, took.toMillis());
            }
            return r;
        });
    }

    private CompletionStage<FenceResult> decide(FenceRequest request) {
        FenceAction action = request.action();
        if (action == FenceAction.NULL) {
            return CompletableFuture.completedFuture(FenceResult.FAIL);
        }
        if (action == FenceAction.HOSTLIST) {
            throw new IllegalArgumentException("host lists go through hostList()");
        }
        if (action != FenceAction.DEVSTATUS && !acl.allows(request.source(), request.target())) {
            LOG.warn("{}: denied: no group lets {} act on \"{}\"", request, request.source(), request.target());
            return CompletableFuture.completedFuture(FenceResult.PERMISSION_DENIED);
        }
        return withDeadline(callBackend(() -> backend.fence(request)));
    }

    @Override
    public CompletionStage<List<VmInfo>> hostList(FenceRequest request) {
        Instant start = Instant.now();
        RequestStats.Counters counters = stats.of(request.origin());
        counters.requests.increment();
        counters.hostLists.increment();
        return withDeadline(callBackend(backend::hostList)).handle((vms, error) -> {
            List<VmInfo> visible;
            if (error != null) {
                LOG.error("{}: backend failed to list VMs: {}", request, error.toString());
                visible = List.of();
            } else {
                visible = vms.stream().filter(vm -> acl.allowsAny(request.source(), vm.uuid(), vm.name())).toList();
            }
            counters.replied(FenceResult.SUCCESS);
            log.add(new RequestLog.Entry(start, request, "LIST " + visible.size() + " VMs",
                    Duration.between(start, Instant.now())));
            return visible;
        });
    }

    @Override
    public void dropped(String listener, DropReason reason) {
        stats.of(listener).dropped(reason);
    }

    public RequestStats stats() {
        return stats;
    }

    public RequestLog log() {
        return log;
    }

    public DuplicateHistory history() {
        return history;
    }

    /** A backend that throws instead of returning a failed stage still yields an answer. */
    private static <T> CompletableFuture<T> callBackend(java.util.function.Supplier<CompletionStage<T>> call) {
        try {
            return call.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private <T> CompletableFuture<T> withDeadline(CompletableFuture<T> stage) {
        return stage.copy().orTimeout(backendDeadline.toMillis(), TimeUnit.MILLISECONDS);
    }
}
