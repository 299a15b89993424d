package org.jfenced.libvirt;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.FenceObserver;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.Health;
import org.jfenced.spi.VmInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's libvirt as a backend (backend {@code libvirt}, and backend {@code cpg}'s local part): fences
 * the VMs of the configured libvirt URIs with fence_virtd's semantics, without its blocking: libvirt calls
 * run on the pool's bounded threads, a URI that is down makes the requests that need it fail at once, and
 * every answer comes within a deadline (20 s).
 */
public final class LibvirtHost implements FenceBackend, LocalLibvirt {

    private static final Logger LOG = LoggerFactory.getLogger(LibvirtHost.class);

    /** Longer than a reboot's wait plus restart, shorter than fence_xvm's default 30 s timeout. */
    static final Duration REQUEST_DEADLINE = Duration.ofSeconds(20);
    /** fence_virtd's wait for a destroyed domain to go down. */
    static final Duration REBOOT_WAIT = Duration.ofSeconds(15);
    /** Between a reboot's checks that the destroyed domain is down; the first is made at once. */
    static final Duration REBOOT_POLL = Duration.ofMillis(100);

    private static final FenceObserver NOBODY = request -> { };

    private final LibvirtConnectionPool pool;
    private final Duration requestDeadline;
    private final Duration rebootPoll;
    /** The pool's timer thread: a daemon needs one for its deadlines, reboot polls and reconnects. */
    private final ScheduledExecutorService timers;
    private final HostLister hostLister;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Starts connecting in the background and returns at once. */
    public LibvirtHost(List<String> uris, PoolSettings settings) {
        this(uris, settings, REQUEST_DEADLINE);
    }

    LibvirtHost(List<String> uris, PoolSettings settings, Duration requestDeadline) {
        this(uris, settings, requestDeadline, REBOOT_POLL);
    }

    LibvirtHost(List<String> uris, PoolSettings settings, Duration requestDeadline, Duration rebootPoll) {
        this.pool = new LibvirtConnectionPool(uris, settings);
        this.requestDeadline = requestDeadline;
        this.rebootPoll = rebootPoll;
        this.timers = pool.timers();
        this.hostLister = new HostLister(pool);
    }

    /** The backend's pool, for waiting on connections and for subscribers of its events. */
    @Override
    public LibvirtConnectionPool pool() {
        return pool;
    }

    @Override
    public CompletionStage<FenceOutcome> fence(FenceRequest request) {
        return attempt(request, NOBODY).thenApply(attempt -> attempt instanceof LocalAttempt.Answered answered
                ? FenceOutcome.local(answered.result(), answered.stateBefore(), answered.stateAfter())
                : FenceOutcome.local(answer(request, attempt)));
    }

    /**
     * Carries out {@code request} if one of this host's URIs knows the VM, looking it up once: {@link
     * LocalAttempt.NotHere} when every URI answered without it. {@code beforeAction} is told of an off, on or
     * reboot once the VM is found, just before libvirt acts, on a libvirt thread. Within the request deadline,
     * like {@link #fence}.
     */
    public CompletionStage<LocalAttempt> attempt(FenceRequest request, FenceObserver beforeAction) {
        if (closed) {
            return answered(FenceResult.FAIL);
        }
        switch (request.action()) {
            case STATUS:
            case OFF:
            case ON:
            case REBOOT:
                return bounded(request, pool.submit(() -> onThisHost(request, beforeAction)).thenCompose(work -> work));
            case DEVSTATUS:
                return answered(pool.anyUp() ? FenceResult.SUCCESS : FenceResult.FAIL);
            case NULL:
                // every fence_virtd backend answers the null verb with failure
                return answered(FenceResult.FAIL);
            default:
                LOG.warn("{}: not a request the libvirt backend serves", request);
                return answered(FenceResult.FAIL);
        }
    }

    /** On a libvirt thread: finds the VM, and does status, off or on at once, or starts the reboot. */
    private CompletableFuture<LocalAttempt> onThisHost(FenceRequest request, FenceObserver beforeAction) {
        String target = request.target();
        try (LocatedDomain located = DomainLocator.locate(pool, target)) {
            switch (located.outcome()) {
                case MISSING:
                    return CompletableFuture.completedFuture(new LocalAttempt.NotHere());
                case UNREACHABLE:
                    return CompletableFuture.completedFuture(new LocalAttempt.Unreachable(located.problem()));
                default:
                    break;
            }
            if (request.action() == FenceAction.STATUS) {
                return answered(PowerActions.status(target, located));
            }
            tell(beforeAction, request);
            String before = DomainStates.wordIfReadable(located.domain());
            switch (request.action()) {
                case OFF:
                    return answeredAfter(PowerActions.off(target, located), before, located);
                case ON:
                    return answeredAfter(PowerActions.on(target, located), before, located);
                default:
                    return RebootProcedure.start(pool, timers, target, located, REBOOT_WAIT, rebootPoll)
                            .thenCompose(result -> pool.submit(() -> stateNow(target))
                                    .handle((after, e) -> new LocalAttempt.Answered(result, before, e == null ? after : "")));
            }
        }
    }

    private static CompletableFuture<LocalAttempt> answeredAfter(FenceResult result, String before, LocatedDomain located) {
        return CompletableFuture.completedFuture(
                new LocalAttempt.Answered(result, before, DomainStates.wordAfterAction(located.domain())));
    }

    /** The VM's state, looked up afresh: a reboot has replaced the domain it found. */
    private String stateNow(String target) {
        try (LocatedDomain located = DomainLocator.locate(pool, target)) {
            switch (located.outcome()) {
                case MISSING:
                    return FenceOutcome.GONE;
                case UNREACHABLE:
                    return "";
                default:
                    return DomainStates.wordIfReadable(located.domain());
            }
        }
    }

    /** The fence goes ahead whatever an observer does. */
    private static void tell(FenceObserver observer, FenceRequest request) {
        try {
            observer.beforePowerAction(request);
        } catch (RuntimeException e) {
            LOG.warn("{}: announcing it to the fence observers failed: {}", request, e.toString());
        }
    }

    /** fence_virtd's answers for a VM not found: OFF for status (as Pacemaker expects), FAIL otherwise. */
    private static FenceResult answer(FenceRequest request, LocalAttempt attempt) {
        String verb = request.action().name().toLowerCase(Locale.ROOT);
        if (attempt instanceof LocalAttempt.Answered answered) {
            return answered.result();
        }
        if (attempt instanceof LocalAttempt.Unreachable unreachable) {
            LOG.warn("{} \"{}\": not found on the reachable URIs ({}); answering FAIL", verb, request.target(),
                    unreachable.problem());
            return FenceResult.FAIL;
        }
        if (request.action() == FenceAction.STATUS) {
            LOG.info("status \"{}\": no such domain on any URI; answering OFF, as fence_virtd does", request.target());
            return FenceResult.OFF;
        }
        LOG.warn("{} \"{}\": no such domain on any URI", verb, request.target());
        return FenceResult.FAIL;
    }

    private static CompletableFuture<LocalAttempt> answered(FenceResult result) {
        return CompletableFuture.completedFuture(new LocalAttempt.Answered(result));
    }

    @Override
    public CompletionStage<List<VmInfo>> hostList() {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("libvirt backend closed"));
        }
        CompletableFuture<List<VmInfo>> answer = new CompletableFuture<>();
        track(answer, () -> answer.completeExceptionally(
                new TimeoutException("libvirt host list not complete within " + requestDeadline.toMillis() + " ms")));
        pool.submit(hostLister::list).whenComplete((list, e) -> {
            if (e != null) {
                answer.completeExceptionally(e);
            } else {
                answer.complete(list);
            }
        });
        return answer;
    }

    /** Both come from this host's libvirt URIs alone. */
    @Override
    public boolean answersStatusLocally() {
        return true;
    }

    @Override
    public Health health() {
        List<Health.Part> parts = pool.status().stream()
                .map(s -> new Health.Part(s.uri(), s.up(), s.lastError(), s.reconnects()))
                .toList();
        long up = parts.stream().filter(Health.Part::up).count();
        String summary = up + " of " + parts.size() + " libvirt connection" + (parts.size() == 1 ? "" : "s") + " up";
        return new Health(up > 0, summary, parts);
    }

    /** Answers FAIL to the requests still open, then releases the connections and threads (the pool stops the timer). */
    @Override
    public void close() {
        closed = true;
        for (CompletableFuture<?> f : pending) {
            f.completeExceptionally(new IllegalStateException("libvirt backend closed"));
        }
        pool.close();
    }

    /** The work's outcome, or FAIL on any failure and at the deadline, whichever comes first. */
    private CompletableFuture<LocalAttempt> bounded(FenceRequest request, CompletableFuture<LocalAttempt> work) {
        LocalAttempt fail = new LocalAttempt.Answered(FenceResult.FAIL);
        CompletableFuture<LocalAttempt> answer = new CompletableFuture<>();
        track(answer, () -> {
            if (answer.complete(fail)) {
                LOG.warn("{}: no answer from libvirt within {} ms; answering FAIL", request, requestDeadline.toMillis());
            }
        });
        work.whenComplete((attempt, e) -> {
            if (e != null) {
                LOG.warn("{}: {}; answering FAIL", request, LibvirtErrors.describe(e));
                answer.complete(fail);
            } else {
                answer.complete(attempt);
            }
        });
        return answer.handle((attempt, e) -> e == null ? attempt : fail);
    }

    /** Enforces the request deadline on {@code answer}, and lets close() end it. */
    private void track(CompletableFuture<?> answer, Runnable onDeadline) {
        pending.add(answer);
        try {
            ScheduledFuture<?> deadline = timers.schedule(onDeadline, requestDeadline.toNanos(), TimeUnit.NANOSECONDS);
            answer.whenComplete((r, e) -> deadline.cancel(false));
        } catch (RejectedExecutionException e) {
            answer.completeExceptionally(new IllegalStateException("libvirt backend closed"));
        }
        answer.whenComplete((r, e) -> pending.remove(answer));
        if (closed) {
            answer.completeExceptionally(new IllegalStateException("libvirt backend closed"));
        }
    }
}
