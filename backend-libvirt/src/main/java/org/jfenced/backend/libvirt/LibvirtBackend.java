package org.jfenced.backend.libvirt;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.Health;
import org.jfenced.spi.VmInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backend {@code libvirt}: fences the VMs of the configured libvirt URIs with fence_virtd's semantics,
 * without its blocking: libvirt calls run on the pool's bounded threads, a URI that is down makes the
 * requests that need it fail at once, and every answer comes within a deadline (20 s).
 */
public final class LibvirtBackend implements FenceBackend, LocalLibvirt {

    private static final Logger LOG = LoggerFactory.getLogger(LibvirtBackend.class);

    /** Longer than a reboot's wait plus restart, shorter than fence_xvm's default 30 s timeout. */
    static final Duration REQUEST_DEADLINE = Duration.ofSeconds(20);
    /** fence_virtd's wait for a destroyed domain to go down. */
    static final Duration REBOOT_WAIT = Duration.ofSeconds(15);
    static final Duration REBOOT_POLL = Duration.ofMillis(100);

    private final LibvirtConnectionPool pool;
    private final Duration requestDeadline;
    /** The pool's timer thread: a daemon needs one for its deadlines, reboot polls and reconnects. */
    private final ScheduledExecutorService timers;
    private final PowerActions power;
    private final HostLister hostLister;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Starts connecting in the background and returns at once. */
    public LibvirtBackend(List<String> uris, PoolSettings settings) {
        this(uris, settings, REQUEST_DEADLINE);
    }

    LibvirtBackend(List<String> uris, PoolSettings settings, Duration requestDeadline) {
        this.pool = new LibvirtConnectionPool(uris, settings);
        this.requestDeadline = requestDeadline;
        this.timers = pool.timers();
        this.power = new PowerActions(pool);
        this.hostLister = new HostLister(pool);
    }

    /** The backend's pool, for waiting on connections and for subscribers of its events. */
    @Override
    public LibvirtConnectionPool pool() {
        return pool;
    }

    @Override
    public CompletionStage<FenceOutcome> fence(FenceRequest request) {
        return result(request).thenApply(FenceOutcome::local);
    }

    private CompletionStage<FenceResult> result(FenceRequest request) {
        if (closed) {
            return CompletableFuture.completedFuture(FenceResult.FAIL);
        }
        String target = request.target();
        switch (request.action()) {
            case STATUS:
                return bounded(request, pool.submit(() -> power.status(target)));
            case OFF:
                return bounded(request, pool.submit(() -> power.off(target)));
            case ON:
                return bounded(request, pool.submit(() -> power.on(target)));
            case REBOOT:
                return bounded(request, RebootProcedure.start(pool, timers, target, REBOOT_WAIT, REBOOT_POLL));
            case DEVSTATUS:
                return CompletableFuture.completedFuture(pool.anyUp() ? FenceResult.SUCCESS : FenceResult.FAIL);
            case NULL:
                // every fence_virtd backend answers the null verb with failure
                return CompletableFuture.completedFuture(FenceResult.FAIL);
            default:
                LOG.warn("{}: not a request the libvirt backend serves", request);
                return CompletableFuture.completedFuture(FenceResult.FAIL);
        }
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

    /** The work's result, or FAIL on any failure and at the deadline, whichever comes first. */
    private CompletableFuture<FenceResult> bounded(FenceRequest request, CompletableFuture<FenceResult> work) {
        CompletableFuture<FenceResult> answer = new CompletableFuture<>();
        track(answer, () -> {
            if (answer.complete(FenceResult.FAIL)) {
                LOG.warn("{}: no answer from libvirt within {} ms; answering FAIL", request, requestDeadline.toMillis());
            }
        });
        work.whenComplete((result, e) -> {
            if (e != null) {
                LOG.warn("{}: {}; answering FAIL", request, LibvirtErrors.describe(e));
                answer.complete(FenceResult.FAIL);
            } else {
                answer.complete(result);
            }
        });
        return answer.handle((result, e) -> e == null ? result : FenceResult.FAIL);
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
