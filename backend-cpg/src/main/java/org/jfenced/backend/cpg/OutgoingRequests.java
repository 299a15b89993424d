package org.jfenced.backend.cpg;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jfenced.backend.cpg.state.Effect;
import org.jfenced.backend.cpg.state.GroupEvent;
import org.jfenced.backend.cpg.state.MemberId;
import org.jfenced.backend.cpg.state.OpenRequest;
import org.jfenced.backend.cpg.state.Route;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * This member's requests: multicast to the group, each waiting for the group's answer until its timeout.
 * All of it runs under the {@link GroupExecutor}'s lock.
 *
 * <p>Every request waits equally long, so the oldest one waiting is always the next to time out: one timer,
 * set for the oldest request's deadline, serves them all. A timer per request would wake the timer thread
 * on every request (each new deadline is the earliest one queued) and cost a cancellation on every answer.
 */
final class OutgoingRequests {

    private static final Logger LOG = LoggerFactory.getLogger(OutgoingRequests.class);

    private final GroupExecutor executor;
    private final ScheduledExecutorService timers;
    private final String group;
    private final Duration requestTimeout;
    /** This member's requests waiting for the group's answer, by request id, oldest first. */
    private final Map<Long, Outgoing> outgoing = new LinkedHashMap<>();
    /** Set for the oldest request's deadline while requests wait; null while none does. */
    private ScheduledFuture<?> sweep;
    private long nextRequestId = ThreadLocalRandom.current().nextLong(1L << 40);

    OutgoingRequests(GroupExecutor executor, ScheduledExecutorService timers, String group, Duration requestTimeout) {
        this.executor = executor;
        this.timers = timers;
        this.group = group;
        this.requestTimeout = requestTimeout;
    }

    /** A request of this member's listener, waiting for the group's answer. */
    private final class Outgoing {
        final FenceRequest request;
        final GroupEvent.Call call;
        final CompletableFuture<FenceOutcome> answer;
        final long startNanos = System.nanoTime();
        boolean delivered;
        Optional<Route> route = Optional.empty();
        Set<MemberId> declined = Set.of();

        Outgoing(FenceRequest request, GroupEvent.Call call, CompletableFuture<FenceOutcome> answer) {
            this.request = request;
            this.call = call;
            this.answer = answer;
        }

        void learn(OpenRequest open) {
            route = open.route();
            declined = open.declined();
        }

        long deadline() {
            return startNanos + requestTimeout.toNanos();
        }

        void finish(FenceResult result, MemberId by) {
            long micros = (System.nanoTime() - startNanos) / 1000;
            // a cluster manager asks status every few seconds; only power changes are worth a line each
            LOG.atLevel(request.action().changesPower() ? Level.INFO : Level.DEBUG)
                    .addArgument(request).addArgument(result).addArgument(by)
                    // formatted only when the line is logged: status runs this on every request
                    .addArgument(() -> String.format("%d.%03d", micros / 1000, micros % 1000))
                    .log("{}: {} from member {} after {} ms");
            FenceOutcome outcome = route.map(r -> new FenceOutcome(result, Integer.toUnsignedString(by.nodeId()),
                    CpgBackend.ruleName(r), r.reason())).orElse(new FenceOutcome(result, Integer.toUnsignedString(by.nodeId())));
            executor.later(() -> answer.complete(outcome));
        }
    }

    /** Multicasts {@code request}, or fails it at once when this daemon is not in the group. */
    void send(FenceRequest request, CompletableFuture<FenceOutcome> answer) {
        if (!executor.inGroup()) {
            LOG.warn("{}: FAIL, this daemon is not in group {} now", request, group);
            executor.completeLater(answer, FenceResult.FAIL, "");
            return;
        }
        long id = nextRequestId++;
        Outgoing o = new Outgoing(request, new GroupEvent.Call(id, request.action(), request.target()), answer);
        outgoing.put(id, o);
        if (sweep == null) {
            sweepAt(o.deadline());
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: multicast as {}#{}", request, executor.self(), Long.toUnsignedString(id));
        }
        executor.multicast(o.call);
    }

    private void sweepAt(long deadline) {
        sweep = timers.schedule(() -> executor.execute(this::timeOut, () -> { }), deadline - System.nanoTime(),
                TimeUnit.NANOSECONDS);
    }

    /** Fails the requests whose deadline has passed, oldest first, and sets the timer for the next one. */
    private void timeOut() {
        sweep = null;
        long now = System.nanoTime();
        for (var i = outgoing.values().iterator(); i.hasNext();) {
            Outgoing o = i.next();
            if (o.deadline() - now > 0) {
                sweepAt(o.deadline());
                return;
            }
            i.remove();
            LOG.warn("{}: FAIL, no answer from the group within {} ms (answering: {})", o.request,
                    requestTimeout.toMillis(), o.route.map(r -> r.kind() + " by " + r.actor()).orElse("undecided"));
            executor.completeLater(o.answer, FenceResult.FAIL, "");
        }
    }

    /** Fails every request still waiting. */
    void failAll(String why) {
        for (Outgoing o : outgoing.values()) {
            LOG.warn("{}: FAIL, {}", o.request, why);
            executor.completeLater(o.answer, FenceResult.FAIL, "");
        }
        outgoing.clear();
    }

    /** The group delivered this member's own call: it counts as open in the group from now on. */
    void delivered(GroupEvent.Call call) {
        Outgoing o = outgoing.get(call.requestId());
        if (o != null) {
            o.delivered = true;
        }
    }

    /**
     * The group assigned one of this member's requests; a wait fails at once in a partition that is not
     * quorate, since only a quorate partition declares a deadline passed.
     */
    void assigned(Effect.Assigned a, boolean quorate) {
        long id = a.request().key().id();
        Outgoing o = outgoing.get(id);
        if (o == null) {
            return;
        }
        o.learn(a.request());
        if (a.route().kind() == Route.Kind.WAIT && !quorate) {
            outgoing.remove(id);
            LOG.warn("{}: FAIL, {}, and this partition is not quorate", o.request, a.route().reason());
            executor.completeLater(o.answer, FenceResult.FAIL, "");
        }
    }

    /** The group's answer to one of this member's requests. */
    void answered(Effect.Answered a) {
        Outgoing o = outgoing.remove(a.key().id());
        if (o != null) {
            o.finish(a.result(), a.by());
        } else {
            LOG.info("late reply {} from {} to {}: its requester had already answered", a.result(), a.by(), a.key());
        }
    }

    /** A join cleared the group's open requests: what it knew of this member's ones. */
    void cleared(OpenRequest cleared) {
        Outgoing o = outgoing.get(cleared.key().id());
        if (o != null) {
            o.learn(cleared);
        }
    }

    /** This member's requests the group has seen and not answered, for the snapshot after a join. */
    List<GroupEvent.OpenCall> open() {
        List<GroupEvent.OpenCall> open = new ArrayList<>();
        for (Outgoing o : outgoing.values()) {
            if (o.delivered) {
                open.add(new GroupEvent.OpenCall(o.call, o.route, o.declined));
            }
        }
        return open;
    }
}
