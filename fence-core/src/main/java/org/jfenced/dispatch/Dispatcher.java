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
import org.jfenced.spi.FenceObserver;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.RequestDispatcher;
import org.jfenced.spi.VmInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request path between listeners and the backend: duplicate history, the groups ACL, a deadline on
 * every backend call, counters, latency histograms and the request log.
 *
 * <p>fence_virtd's rules: NULL is answered with failure by every backend, so it never reaches one;
 * NULL and DEVSTATUS are not subject to the ACL; the host list is filtered per VM.
 */
public final class Dispatcher implements RequestDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** The acting node of a request no backend carried out. */
    private static final String NO_NODE = "";

    private final FenceBackend backend;
    private final AclGroups acl;
    private final Duration backendDeadline;
    private final FenceObserver observer;
    private final DuplicateHistory history = new DuplicateHistory();
    private final RequestStats stats = new RequestStats();
    private final RequestLog log = new RequestLog(1000);

    /**
     * @param backendDeadline how long a backend may take before the request is answered FAIL; below
     *     the clients' 30-second timeout so they always get an answer
     */
    public Dispatcher(FenceBackend backend, AclGroups acl, Duration backendDeadline) {
        this(backend, acl, backendDeadline, request -> { });
    }

    /**
     * @param observer told of each off, on and reboot just before the backend gets it (services give
     *     way to fences through it); it must return at once
     */
    public Dispatcher(FenceBackend backend, AclGroups acl, Duration backendDeadline, FenceObserver observer) {
        this.backend = backend;
        this.acl = acl;
        this.backendDeadline = backendDeadline;
        this.observer = observer;
    }

    @Override
    public boolean isDuplicate(FenceRequest request) {
        return history.isDuplicate(request);
    }

    @Override
    public CompletionStage<Answer> serve(FenceRequest request) {
        Optional<DuplicateHistory.Claim> claim = history.claim(request);
        if (claim.isEmpty()) {
            dropped(request.origin(), DropReason.DUPLICATE);
            return CompletableFuture.completedFuture(new Answer.Duplicate());
        }
        CompletionStage<Answer> answer = request.action() == FenceAction.HOSTLIST
                ? hostList(request).thenApply(Answer.HostList::new)
                : serve(request, true).thenApply(outcome -> new Answer.Result(outcome.result()));
        return answer.whenComplete((a, e) -> claim.get().answered());
    }

    /**
     * An administrator's request from the admin socket. The groups do not apply — permission on the
     * socket is the authority — but it is counted, logged at INFO and kept in the request log like any
     * other. There is no duplicate history either: an administrator who repeats a command means it.
     */
    public CompletionStage<FenceOutcome> dispatchAsAdmin(FenceRequest request) {
        return serve(request, false);
    }

    private CompletionStage<FenceOutcome> serve(FenceRequest request, boolean applyGroups) {
        Instant start = Instant.now();
        long startNanos = System.nanoTime();
        RequestStats.Counters counters = stats.of(request.origin());
        counters.requests.increment();
        return decide(request, applyGroups).handle((outcome, error) -> {
            FenceOutcome o = outcome;
            if (error != null) {
                LOG.error("{}: backend failed: {}", request, error.toString());
                o = new FenceOutcome(FenceResult.FAIL, NO_NODE);
            }
            FenceResult r = o.result();
            Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
            counters.replied(request.action(), r, took);
            log.add(new RequestLog.Entry(start, request, r, "", o.actingNode(), took));
            if (request.action().changesPower() || r == FenceResult.PERMISSION_DENIED || !applyGroups) {
                LOG.info("{}: {} in {} ms{}", request, r, took.toMillis(), actedBy(o));
            } else {
                LOG.debug("{}: {} in {} ms{}", request, r, took.toMillis(), actedBy(o));
            }
            return o;
        });
    }

    private static String actedBy(FenceOutcome o) {
        return o.actingNode().isEmpty() || o.actingNode().equals(FenceOutcome.THIS_NODE) ? ""
                : " (carried out by node " + o.actingNode() + ")";
    }

    private CompletionStage<FenceOutcome> decide(FenceRequest request, boolean applyGroups) {
        FenceAction action = request.action();
        if (action == FenceAction.NULL) {
            return CompletableFuture.completedFuture(new FenceOutcome(FenceResult.FAIL, NO_NODE));
        }
        if (action == FenceAction.HOSTLIST) {
            throw new IllegalArgumentException("host lists go through serve()");
        }
        if (applyGroups && action != FenceAction.DEVSTATUS && !acl.allows(request.source(), request.target())) {
            LOG.warn("{}: denied: no group lets {} act on \"{}\"", request, request.source(), request.target());
            return CompletableFuture.completedFuture(new FenceOutcome(FenceResult.PERMISSION_DENIED, NO_NODE));
        }
        if (action.changesPower()) {
            announce(request);
        }
        return withDeadline(callBackend(() -> backend.fence(request)));
    }

    /** An observer's failure must never cost the fence. */
    private void announce(FenceRequest request) {
        try {
            observer.beforePowerAction(request);
        } catch (RuntimeException e) {
            LOG.warn("{}: a fence observer failed: {}", request, e.toString());
        }
    }

    /** The VMs the source of {@code request} may see, per the groups; empty on backend failure. */
    private CompletionStage<List<VmInfo>> hostList(FenceRequest request) {
        Instant start = Instant.now();
        long startNanos = System.nanoTime();
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
            Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
            // the client gets an empty list either way; the counters and the log tell the truth
            FenceResult r = error != null ? FenceResult.FAIL : FenceResult.SUCCESS;
            counters.replied(FenceAction.HOSTLIST, r, took);
            log.add(new RequestLog.Entry(start, request, r, error != null ? "backend failed" : visible.size() + " VMs",
                    error != null ? NO_NODE : FenceOutcome.THIS_NODE, took));
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

    @Override
    public void audit(FenceRequest request, FenceResult result, String detail) {
        LOG.info("{}: {} ({})", request, result, detail);
        log.add(new RequestLog.Entry(Instant.now(), request, result, detail, "", Duration.ZERO));
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
