package org.jfenced.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jfenced.journal.Journal;
import org.jfenced.journal.JournalEntry;
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
 * every backend call, counters, latency histograms, the request log and the journal. An off, on or reboot
 * is answered only once the journal has it on disk; one the journal cannot keep is answered FAIL, as the
 * record of an action must never be lost after its answer.
 *
 * <p>fence_virtd's rules: NULL is answered with failure by every backend, so it never reaches one;
 * NULL and DEVSTATUS are not subject to the ACL; the host list is filtered per VM.
 */
public final class Dispatcher implements RequestDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** The acting node of a request no backend carried out. */
    private static final String NO_NODE = "";
    /** How long an audited act waits for the journal; the act has happened either way. */
    private static final Duration AUDIT_WAIT = Duration.ofSeconds(5);

    private final FenceBackend backend;
    private volatile AclGroups acl;
    private final Duration backendDeadline;
    private final FenceObserver observer;
    private final Journal journal;
    private final DuplicateHistory history = new DuplicateHistory();
    private final RequestStats stats = new RequestStats();
    private final RequestLog log = new RequestLog(1000);
    private final Deadlines deadlines;

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
        this(backend, acl, backendDeadline, observer, Journal.NONE);
    }

    /** @param journal where every request is recorded; see {@link Journal#append} */
    public Dispatcher(FenceBackend backend, AclGroups acl, Duration backendDeadline, FenceObserver observer,
            Journal journal) {
        this(backend, acl, backendDeadline, observer, journal, () -> { });
    }

    /**
     * @param afterBusySpell run once the dispatcher has been quiet for a while after serving (its deadline
     *     timer's thread ending, {@link Deadlines#IDLE} after the last answer), once every request is past
     *     the duplicate window and forgotten: the daemon gives the memory a burst held back then
     */
    public Dispatcher(FenceBackend backend, AclGroups acl, Duration backendDeadline, FenceObserver observer,
            Journal journal, Runnable afterBusySpell) {
        this.backend = backend;
        this.acl = acl;
        this.backendDeadline = backendDeadline;
        this.observer = observer;
        this.journal = journal;
        this.deadlines = new Deadlines(Deadlines.IDLE, () -> {
            history.forgetExpired();
            afterBusySpell.run();
        });
    }

    /** The groups for requests that come without a listener's own, from now on (a reload's). */
    public void setGroups(AclGroups groups) {
        acl = groups;
    }

    @Override
    public boolean isDuplicate(FenceRequest request) {
        return history.isDuplicate(request);
    }

    @Override
    public CompletionStage<Answer> serve(FenceRequest request) {
        return serve(request, acl);
    }

    /**
     * Serves a request of a listener that has groups of its own ({@code listeners/NAME/@groups}): as
     * {@link #serve(FenceRequest)}, judged by {@code groups} instead of every group.
     */
    public CompletionStage<Answer> serve(FenceRequest request, AclGroups groups) {
        Optional<DuplicateHistory.Claim> claim = history.claim(request);
        if (claim.isEmpty()) {
            dropped(request.origin(), DropReason.DUPLICATE);
            return CompletableFuture.completedFuture(new Answer.Duplicate());
        }
        CompletionStage<Answer> answer = request.action() == FenceAction.HOSTLIST
                ? hostList(request, groups).thenApply(Answer.HostList::new)
                : carryOut(request, groups).thenApply(outcome -> new Answer.Result(outcome.result()));
        return answer.whenComplete((a, e) -> claim.get().answered());
    }

    /**
     * An administrator's request from the admin socket. The groups do not apply — permission on the
     * socket is the authority — but it is counted, logged at INFO and kept in the request log like any
     * other. There is no duplicate history either: an administrator who repeats a command means it.
     */
    public CompletionStage<FenceOutcome> dispatchAsAdmin(FenceRequest request) {
        return carryOut(request, null);
    }

    /** {@code groups} null: an administrator's request, which no group restricts. */
    private CompletionStage<FenceOutcome> carryOut(FenceRequest request, AclGroups groups) {
        boolean applyGroups = groups != null;
        Instant start = Instant.now();
        long startNanos = System.nanoTime();
        RequestStats.Counters counters = stats.of(request.origin());
        counters.requests.increment();
        JournalEntry.Acl verdict = verdict(request, groups);
        return decide(request, verdict).handle((outcome, error) -> {
            if (error != null) {
                LOG.error("{}: backend failed: {}", request, error.toString());
                return new FenceOutcome(FenceResult.FAIL, NO_NODE);
            }
            return outcome;
        }).thenCompose(o -> {
            Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
            JournalEntry entry = new JournalEntry(start, request, verdict, o.result(), "", o.actingNode(), o.rule(),
                    o.reason(), took, o.stateBefore(), o.stateAfter());
            return recorded(entry, o).thenApply(answer -> {
                FenceResult r = answer.result();
                counters.replied(request.action(), r, took);
                if (request.action().changesPower() || r == FenceResult.PERMISSION_DENIED || !applyGroups) {
                    LOG.info("{}: {} in {} ms{}", request, r, took.toMillis(), actedBy(answer));
                } else if (LOG.isDebugEnabled()) {
                    // a status every few seconds per client: its words are built only when the line is kept
                    LOG.debug("{}: {} in {} ms{}", request, r, took.toMillis(), actedBy(answer));
                }
                return answer;
            });
        });
    }

    /**
     * Keeps {@code entry} in the request log and the journal; {@code outcome} once the journal has it (at
     * once for what need not be durable), FAIL if an off, on or reboot could not be written.
     */
    private CompletionStage<FenceOutcome> recorded(JournalEntry entry, FenceOutcome outcome) {
        log.add(entry);
        CompletionStage<Void> written = journal.append(entry);
        if (!entry.mustBeDurable()) {
            return CompletableFuture.completedFuture(outcome);
        }
        return written.handle((done, error) -> {
            if (error == null) {
                return outcome;
            }
            LOG.error("{}: {} by the backend, but answered FAIL: the journal cannot record it ({})", entry.request(),
                    outcome.result(), error.toString());
            return new FenceOutcome(FenceResult.FAIL, outcome.actingNode(), outcome.rule(), outcome.reason(),
                    outcome.stateBefore(), outcome.stateAfter());
        });
    }

    /** {@code groups} null: an administrator's request. */
    private static JournalEntry.Acl verdict(FenceRequest request, AclGroups groups) {
        FenceAction action = request.action();
        if (groups == null || action == FenceAction.NULL || action == FenceAction.DEVSTATUS) {
            return JournalEntry.Acl.NOT_APPLIED;
        }
        return groups.allows(request.source(), request.target()) ? JournalEntry.Acl.ALLOWED : JournalEntry.Acl.DENIED;
    }

    private static String actedBy(FenceOutcome o) {
        return o.actingNode().isEmpty() || o.actingNode().equals(FenceOutcome.THIS_NODE) ? ""
                : " (carried out by node " + o.actingNode() + ")";
    }

    private CompletionStage<FenceOutcome> decide(FenceRequest request, JournalEntry.Acl verdict) {
        FenceAction action = request.action();
        if (action == FenceAction.NULL) {
            return CompletableFuture.completedFuture(new FenceOutcome(FenceResult.FAIL, NO_NODE));
        }
        if (action == FenceAction.HOSTLIST) {
            throw new IllegalArgumentException("host lists go through serve()");
        }
        if (verdict == JournalEntry.Acl.DENIED) {
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
    private CompletionStage<List<VmInfo>> hostList(FenceRequest request, AclGroups groups) {
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
                visible = vms.stream().filter(vm -> groups.allowsAny(request.source(), vm.uuid(), vm.name())).toList();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
            // the client gets an empty list either way; the counters and the log tell the truth
            FenceResult r = error != null ? FenceResult.FAIL : FenceResult.SUCCESS;
            counters.replied(FenceAction.HOSTLIST, r, took);
            recorded(new JournalEntry(start, request, JournalEntry.Acl.FILTERED, r,
                    error != null ? "backend failed" : visible.size() + " VMs", error != null ? NO_NODE : FenceOutcome.THIS_NODE,
                    "", "", took), FenceOutcome.local(r));
            return visible;
        });
    }

    @Override
    public void dropped(String listener, DropReason reason) {
        stats.of(listener).dropped(reason);
    }

    /** The groups the dispatcher applies, for {@code explain}. */
    public AclGroups groups() {
        return acl;
    }

    public RequestStats stats() {
        return stats;
    }

    @Override
    public void audit(FenceRequest request, FenceResult result, String detail) {
        LOG.info("{}: {} ({})", request, result, detail);
        JournalEntry entry = JournalEntry.audit(request, result, detail);
        log.add(entry);
        awaitRecorded(journal, entry);
    }

    /**
     * Waits until the journal has {@code entry} (on disk for an off, on or reboot) or gives up after a
     * while: the act it records has happened whatever the journal does, and a failure is logged.
     */
    public static void awaitRecorded(Journal journal, JournalEntry entry) {
        try {
            journal.append(entry).toCompletableFuture().get(AUDIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.error("{}: the journal did not record it: {}", entry.request(), e.toString());
        }
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
        return deadlines.within(stage, backendDeadline);
    }
}
