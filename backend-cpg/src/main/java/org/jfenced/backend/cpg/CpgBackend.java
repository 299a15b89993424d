package org.jfenced.backend.cpg;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jfenced.backend.cpg.state.ClusterState;
import org.jfenced.backend.cpg.state.Departure;
import org.jfenced.backend.cpg.state.Effect;
import org.jfenced.backend.cpg.state.GroupEvent;
import org.jfenced.backend.cpg.state.MemberId;
import org.jfenced.backend.cpg.state.OpenRequest;
import org.jfenced.backend.cpg.state.RequestKey;
import org.jfenced.backend.cpg.state.Route;
import org.jfenced.backend.cpg.state.VmMap;
import org.jfenced.backend.cpg.wire.GroupCodec;
import org.jfenced.libvirt.LibvirtConnectionPool;
import org.jfenced.libvirt.LibvirtHost;
import org.jfenced.libvirt.LocalLibvirt;
import org.jfenced.libvirt.PoolSettings;
import org.jfenced.spi.ClusterView;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.FenceObserver;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.FencePlan;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.Health;
import org.jfenced.spi.Membership;
import org.jfenced.spi.PlacedVm;
import org.jfenced.spi.VmInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backend {@code cpg}: every host's daemon joins one CPG group and shares the VMs its libvirt knows; a
 * request is multicast to the group, every member takes the same decision on delivery ({@link ClusterState}),
 * the chosen member acts on its libvirt and multicasts the one reply.
 *
 * <p>Threads: one lock, the {@link GroupExecutor}'s, guards the replicated state, this host's inventory and
 * the open requests. Whoever has something for them — corosync's dispatch thread with the group's events in
 * their total order, a listener thread with a request, a libvirt thread with a result — applies it under
 * the lock on its own thread, so a request crosses as few threads as possible. The parts: this member's
 * requests ({@link OutgoingRequests}), this host's VMs ({@link InventoryPublisher}), the views of the
 * group ({@link ClusterViews}); this class joins them and acts on the group's decisions.
 */
public final class CpgBackend implements FenceBackend, LocalLibvirt {

    private static final Logger LOG = LoggerFactory.getLogger(CpgBackend.class);
    private static final Duration FIRST_LISTING_WAIT = Duration.ofSeconds(30);

    private final CpgSettings settings;
    private final LibvirtHost libvirt;
    private final GroupExecutor executor;
    private final ScheduledThreadPoolExecutor timers;
    /** Group events that came before join() returned, when this member's own id was not known yet. */
    private final List<Runnable> early = new ArrayList<>();
    private boolean joinReturned;
    private final InventoryPublisher publisher;
    private final LocalActor actor;
    private final QuorumView quorum;
    private final ClusterState state;
    private final OutgoingRequests outgoing;
    private final ClusterViews views;
    /** Requests this member is answering, until its reply is delivered. */
    private final Set<RequestKey> answering = new HashSet<>();
    private final SelfFenceDeadlines deadlines;
    private final SelfFencer selfFencer;
    private ScheduledFuture<?> deadlineCheck;
    private final Map<MemberId, Long> unreadableFrom = new HashMap<>();
    /** Confirmations of this member's operators, sent and not yet applied, by node. */
    private final Map<Integer, CompletableFuture<Void>> confirming = new HashMap<>();
    private ScheduledFuture<?> resync;
    /** When a member's VMs last changed in the map (System.nanoTime), 0 before any; for explain. */
    private long lastMapChange;

    private CpgBackend(CpgSettings settings, LibvirtHost libvirt, QuorumView quorum, FenceObserver announce,
            SelfFencer selfFencer) {
        this.settings = settings;
        this.libvirt = libvirt;
        this.quorum = quorum;
        this.executor = new GroupExecutor(settings.group());
        this.timers = new ScheduledThreadPoolExecutor(1, r -> daemonThread(r, "cpg-timers"));
        timers.setRemoveOnCancelPolicy(true);
        this.selfFencer = selfFencer;
        this.actor = new LocalActor(libvirt, announce, selfFencer::refusesStarts);
        this.state = new ClusterState(settings.nameMode());
        this.publisher = new InventoryPublisher(settings.uris(), libvirt.pool(), executor, state);
        this.outgoing = new OutgoingRequests(executor, timers, settings.group(), settings.requestTimeout());
        this.deadlines = new SelfFenceDeadlines(settings.splitSkew());
        this.views = new ClusterViews(settings.group(), executor, timers, state, deadlines, quorum, selfFencer);
    }

    /**
     * Connects to libvirt, lists this host's VMs, and joins the group (in the network namespace of the
     * calling thread, whose corosync the group talks to).
     *
     * @param announce told of each off, on and reboot just before this host's libvirt carries it out for
     *     the group (see {@link org.jfenced.spi.PluginContext#announcePowerAction}); must return at once
     */
    static CpgBackend start(CpgSettings settings, PoolSettings pool, GroupChannel.Joiner joiner, QuorumView quorum,
            FenceObserver announce) throws IOException, InterruptedException {
        return start(settings, pool, joiner, quorum, announce, (request, result, detail) -> { });
    }

    /** @param record where this host's self-fences are recorded ({@link org.jfenced.spi.PluginContext#audit}) */
    static CpgBackend start(CpgSettings settings, PoolSettings pool, GroupChannel.Joiner joiner, QuorumView quorum,
            FenceObserver announce, SelfFencer.Record record) throws IOException, InterruptedException {
        LibvirtHost libvirt = new LibvirtHost(settings.uris(), pool);
        boolean own = SelfFencer.ownConnectionSeesTheSameHost(settings.uris());
        SelfFencer selfFencer = new SelfFencer(settings.selfFence(), own ? new LibvirtHost(settings.uris(), pool) : libvirt,
                own, announce, record);
        CpgBackend backend = new CpgBackend(settings, libvirt, quorum, announce, selfFencer);
        try {
            backend.startUp(pool, joiner);
            return backend;
        } catch (IOException | InterruptedException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    private void startUp(PoolSettings pool, GroupChannel.Joiner joiner) throws IOException, InterruptedException {
        libvirt.pool().awaitFirstAttempts(pool.openDeadline());
        publisher.subscribe();
        publisher.listEverything().await(FIRST_LISTING_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        quorum.listen(this::quorumChanged);
        // a daemon (re)started on a host that is cut off keeps the promise at once
        selfFencer.update(quorum.isQuorate(), "at start: " + quorum.describe());
        executor.joined(joiner.join(settings.group(), new Events()));
        executor.runLocked(() -> {
            joinReturned = true;
            early.forEach(Runnable::run);
            early.clear();
        });
        executor.flush();
        String here = executor.onState(publisher::describe);
        LOG.info("cpg backend: member {} of group {}; {}", executor.self(), settings.group(), here);
        long every = settings.resyncInterval().toMillis();
        resync = timers.scheduleWithFixedDelay(publisher::listEverything, every, every, TimeUnit.MILLISECONDS);
    }

    /** The outcome names the corosync node id of the member that answered; empty when nobody did in time. */
    @Override
    public CompletionStage<FenceOutcome> fence(FenceRequest request) {
        switch (request.action()) {
            case STATUS:
            case OFF:
            case ON:
            case REBOOT:
                return route(request);
            case DEVSTATUS:
                return CompletableFuture.completedFuture(new FenceOutcome(executor.inGroup() ? FenceResult.SUCCESS : FenceResult.FAIL,
                        FenceOutcome.THIS_NODE));
            default:
                // the null verb, and anything else: every fence_virtd backend answers failure
                return CompletableFuture.completedFuture(new FenceOutcome(FenceResult.FAIL, FenceOutcome.THIS_NODE));
        }
    }

    /** Every VM of every member: the first member's name, on if it is on anywhere. */
    @Override
    public CompletionStage<List<VmInfo>> hostList() {
        return views.hostList();
    }

    @Override
    public Health health() {
        boolean member = executor.inGroup();
        GroupChannel c = executor.channel();
        List<Health.Part> parts = new ArrayList<>();
        parts.add(new Health.Part("cpg group " + settings.group(), member,
                member ? "member " + c.self() : "not in the group", 0));
        parts.add(new Health.Part("quorum", quorum.isQuorate(), quorum.describe(), 0));
        SelfFenceStatus fencing = selfFencer.status();
        parts.add(new Health.Part("self-fence", !fencing.cutOff(), fencing.describe(), 0));
        libvirt.health().parts().forEach(parts::add);
        String summary = (member ? "member " + c.self() + " of group " + settings.group() : "not in group " + settings.group())
                + "; " + libvirt.health().summary();
        return new Health(member, summary, parts);
    }

    /** The cluster's VMs with the node that has each (those of nodes without a member marked), and the group. */
    @Override
    public CompletionStage<ClusterView> clusterView() {
        return snapshot().thenApply(s -> {
            int me = s.self() == null ? -1 : s.self().nodeId();
            List<PlacedVm> vms = s.vms().stream().map(p -> new PlacedVm(p.vm(), Integer.toUnsignedString(p.nodeId())
                    + (p.absent() ? " (no jfenced there in the group)" : ""), p.nodeId() == me)).toList();
            List<Long> members = s.members().stream().map(m -> Integer.toUnsignedLong(m.id().nodeId())).distinct().toList();
            Optional<Membership> membership = s.self() == null ? Optional.empty() : Optional.of(new Membership(s.group(),
                    Integer.toUnsignedLong(me), members, s.quorate()));
            return new ClusterView(vms, membership);
        });
    }

    /** The member and rule the group would apply to {@code request} now, from this member's copy of the map. */
    @Override
    public CompletionStage<FencePlan> plan(FenceRequest request) {
        CompletableFuture<FencePlan> answer = new CompletableFuture<>();
        executor.execute(() -> {
            FencePlan plan = planNow(request);
            executor.later(() -> answer.complete(plan));
        }, () -> answer.completeExceptionally(new IllegalStateException("cpg backend closed")));
        return answer;
    }

    private FencePlan planNow(FenceRequest request) {
        VmMap map = state.map();
        boolean inGroup = executor.inGroup();
        List<String> facts = new ArrayList<>();
        facts.add("group " + settings.group() + ": " + (inGroup ? "member " + executor.self() + ", " + map.members().size()
                + " member(s), " + (map.allPublished() ? "every member has published its VMs"
                : "not every member has published its VMs yet") : "this daemon is not in the group now"));
        facts.add("quorum: " + quorum.describe() + (settings.unknownRequiresQuorum() ? "; a VM nobody has is answered"
                + " only by a quorate partition" : ""));
        facts.add("VM map: last changed " + (lastMapChange == 0 ? "never" : (System.nanoTime() - lastMapChange) / 1_000_000
                + " ms ago") + "; resynced every " + settings.resyncInterval().toSeconds() + " s");
        if (!inGroup) {
            return new FencePlan("", "", "this daemon is not in group " + settings.group() + " now", Optional.of(
                    FenceResult.FAIL), facts);
        }
        Optional<Route> route = state.explain(request.target());
        if (route.isEmpty()) {
            return new FencePlan("", "", "no member decides until every member has published its VMs", Optional.empty(),
                    facts);
        }
        Route r = route.get();
        return new FencePlan(Integer.toUnsignedString(r.actor().nodeId()), ruleName(r), r.reason(), expected(request, r),
                facts);
    }

    /** The answer the route leads to, where the map tells it without asking libvirt. */
    private Optional<FenceResult> expected(FenceRequest request, Route r) {
        switch (r.kind()) {
            case REFUSE:
                return Optional.of(FenceResult.FAIL);
            case ANSWER_UNKNOWN:
                if (settings.unknownRequiresQuorum() && !quorum.isQuorate()) {
                    return Optional.of(FenceResult.FAIL);
                }
                return Optional.of(switch (request.action()) {
                    case STATUS -> FenceResult.OFF;
                    case OFF, REBOOT -> FenceResult.SUCCESS;
                    default -> FenceResult.FAIL;
                });
            case ACT:
                if (request.action() != FenceAction.STATUS) {
                    return Optional.empty();
                }
                return state.map().vmsOf(r.actor()).stream()
                        .filter(vm -> vm.name().equals(request.target()) || vm.uuid().equalsIgnoreCase(request.target()))
                        .findFirst().map(vm -> vm.state().isOn() ? FenceResult.SUCCESS : FenceResult.OFF);
            default:
                return Optional.empty();
        }
    }

    /** As the journal names rules: {@code runs_there}, {@code awaiting_self_fence}. */
    static String ruleName(Route route) {
        return route.rule().name().toLowerCase(Locale.ROOT);
    }

    /**
     * The group as this member sees it, for the admin socket: members, this member, quorum, the VM map with
     * owners, and the requests in flight.
     */
    public CompletionStage<ClusterSnapshot> snapshot() {
        return views.snapshot();
    }

    /**
     * {@code jfencectl confirm-down}: an operator says node {@code nodeId} is down, so none of its VMs runs.
     * Refused while the node is in the cluster; completes once the group has applied it, and exceptionally
     * with the reason it was refused.
     */
    CompletionStage<Void> confirmDown(int nodeId, String operator) {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        executor.execute(() -> {
            if (!executor.inGroup()) {
                executor.later(() -> answer.completeExceptionally(new IllegalStateException("this daemon is not in group "
                        + settings.group() + " now")));
            } else if (state.ringNodes().contains(nodeId)) {
                executor.later(() -> answer.completeExceptionally(new IllegalStateException("node "
                        + Integer.toUnsignedString(nodeId) + " is a member of the cluster; only a node that has left it"
                        + " can be confirmed down")));
            } else {
                LOG.warn("node {}: {} confirms it down; telling the group", Integer.toUnsignedString(nodeId), operator);
                confirming.put(nodeId, answer);
                executor.multicast(new GroupEvent.ConfirmDown(nodeId, operator));
            }
        }, () -> answer.completeExceptionally(new IllegalStateException("cpg backend closed")));
        return answer;
    }

    /** This host's libvirt backend; tests change this host's VMs through its connections. */
    LibvirtHost localLibvirt() {
        return libvirt;
    }

    /** This host's libvirt connections, which carry out what the group gives this host; for the backup service. */
    @Override
    public LibvirtConnectionPool pool() {
        return libvirt.pool();
    }

    /** Leaves the group (the others decide again what this member was answering), then stops. */
    @Override
    public void close() {
        if (executor.closed()) {
            return;
        }
        executor.closing();
        if (resync != null) {
            resync.cancel(false);
        }
        publisher.close();
        GroupChannel c = executor.channel();
        if (c != null) {
            c.close();
        }
        executor.inGroup(false);
        executor.runLocked(() -> outgoing.failAll("the cpg backend is closing"));
        timers.shutdownNow();
        executor.close();
        quorum.close();
        selfFencer.close();
        libvirt.close();
    }

    // ---- requests of this member ----

    private CompletionStage<FenceOutcome> route(FenceRequest request) {
        CompletableFuture<FenceOutcome> answer = new CompletableFuture<>();
        executor.execute(() -> outgoing.send(request, answer), () -> answer.complete(new FenceOutcome(FenceResult.FAIL, "")));
        return answer;
    }

    // ---- the group's events, on corosync's dispatch thread ----

    private final class Events implements GroupChannel.Events {
        @Override
        public void onMessage(MemberId from, byte[] message) {
            fromGroup(() -> delivered(from, message));
        }

        @Override
        public void onMembership(List<MemberId> members, List<MemberId> joinedNow, List<Departure> left) {
            fromGroup(() -> membershipChanged(members, joinedNow, left));
        }

        @Override
        public void onRing(Set<Integer> nodeIds) {
            fromGroup(() -> state.ring(nodeIds));
        }

        @Override
        public void onLost(String reason) {
            fromGroup(() -> lost(reason));
        }
    }

    /** Applies a group event on the dispatch thread; the join's own events wait until join() has returned. */
    private void fromGroup(Runnable body) {
        executor.executeForDispatch(() -> {
            // the join's own events arrive before join() has returned this member's id: keep them for then
            if (joinReturned) {
                body.run();
            } else {
                early.add(body);
            }
        });
    }

    private void membershipChanged(List<MemberId> members, List<MemberId> joined, List<Departure> left) {
        if (joined.contains(executor.self())) {
            executor.inGroup(true);
        }
        LOG.info("group {}: members {}{}{}", settings.group(), members,
                joined.isEmpty() ? "" : ", joined " + joined, left.isEmpty() ? "" : ", left " + left);
        apply(state.membership(members, joined, left));
        checkDeadlines();
    }

    private void delivered(MemberId sender, byte[] message) {
        GroupEvent event;
        try {
            event = GroupCodec.decode(message);
        } catch (GroupCodec.UnreadableMessage e) {
            // once per sender at warning level: a member of another version would otherwise flood the log
            if (unreadableFrom.merge(sender, 1L, Long::sum) == 1) {
                LOG.warn("ignoring messages from {} in group {}: {}", sender, settings.group(), e.getMessage());
            } else {
                LOG.debug("ignoring a message from {}: {}", sender, e.getMessage());
            }
            return;
        }
        if (event instanceof GroupEvent.Call c && sender.equals(executor.self())) {
            outgoing.delivered(c);
        }
        if (event instanceof GroupEvent.Snapshot || event instanceof GroupEvent.Delta) {
            lastMapChange = System.nanoTime();
        }
        apply(state.deliver(sender, event));
        // requests and their answers change neither the absent nodes nor who speaks for the group: the
        // deadlines stay as they are, and looking at them on every request would cost each member CPU
        if (!(event instanceof GroupEvent.Call || event instanceof GroupEvent.Reply || event instanceof GroupEvent.Decline)) {
            checkDeadlines();
        }
    }

    private void lost(String reason) {
        selfFencer.update(false, "corosync lost: " + reason);
        executor.inGroup(false);
        state.clear();
        answering.clear();
        outgoing.failAll("this daemon lost its corosync (" + reason + ")");
    }

    private void apply(List<Effect> effects) {
        MemberId self = executor.self();
        for (Effect effect : effects) {
            if (effect instanceof Effect.Republish r) {
                republish(r, self);
            } else if (effect instanceof Effect.Assigned a) {
                RequestKey key = a.request().key();
                if (key.requester().equals(self)) {
                    outgoing.assigned(a, quorum.isQuorate());
                }
                if (a.route().kind() != Route.Kind.WAIT && a.route().actor().equals(self) && answering.add(key)) {
                    answer(a.request(), a.route());
                }
            } else if (effect instanceof Effect.Answered a) {
                if (a.by().equals(self)) {
                    answering.remove(a.key());
                }
                if (a.key().requester().equals(self)) {
                    outgoing.answered(a);
                }
            } else if (effect instanceof Effect.ConfirmedDown c && c.sender().equals(self)) {
                CompletableFuture<Void> waiting = confirming.remove(c.nodeId());
                if (waiting != null) {
                    executor.later(() -> waiting.complete(null));
                }
            }
        }
    }

    /** A join reset the group: publish this host's VMs again, with the absent nodes known here and the open requests. */
    private void republish(Effect.Republish r, MemberId self) {
        for (OpenRequest cleared : r.cleared()) {
            if (cleared.key().requester().equals(self)) {
                outgoing.cleared(cleared);
            }
        }
        List<GroupEvent.OpenCall> open = outgoing.open();
        executor.dropUnsentSnapshots();
        List<GroupEvent.Snapshot> chunks = publisher.snapshot(r.view(), r.absent(), open,
                settings.selfFence().promise(quorum.minorityMayBeQuorate()));
        LOG.debug("publishing {} VMs in {} chunk(s), {} absent node(s), {} open request(s)",
                chunks.stream().mapToInt(c -> c.vms().size()).sum(), chunks.size(), r.absent().size(), open.size());
        chunks.forEach(executor::multicast);
    }

    // ---- answering for the group ----

    private void answer(OpenRequest request, Route route) {
        switch (route.kind()) {
            case REFUSE:
                LOG.warn("{}: answering FAIL for the group: {}", request, route.reason());
                reply(request.key(), FenceResult.FAIL);
                return;
            case ANSWER_UNKNOWN:
                answerUnknown(request);
                return;
            case WAIT:
                return;
            default:
                LOG.debug("{}: carrying it out here ({})", request, route.reason());
                actor.carryOut(request).whenComplete((outcome, e) -> executor.execute(() -> carriedOut(request, outcome),
                        () -> { }));
        }
    }

    /** fence_virtd's rule for a VM nobody has — status OFF, off and reboot done, on failed — gated on quorum. */
    private void answerUnknown(OpenRequest request) {
        if (settings.unknownRequiresQuorum() && !quorum.isQuorate()) {
            LOG.warn("{}: no member has the VM, but this partition is not quorate ({}); answering FAIL",
                    request, quorum.describe());
            reply(request.key(), FenceResult.FAIL);
            return;
        }
        FenceResult result = switch (request.action()) {
            case STATUS -> FenceResult.OFF;
            case OFF, REBOOT -> FenceResult.SUCCESS;
            default -> FenceResult.FAIL;
        };
        LOG.info("{}: no member has the VM; answering {} as the highest member ({})", request, result, quorum.describe());
        reply(request.key(), result);
    }

    private void carriedOut(OpenRequest request, LocalActor.Outcome outcome) {
        if (!answering.contains(request.key())) {
            LOG.info("{}: done here, but this member left the group meanwhile; the group decided again", request);
            return;
        }
        if (outcome instanceof LocalActor.Outcome.NotHere) {
            LOG.info("{}: the VM is not in this host's libvirt after all; declining and listing again", request);
            answering.remove(request.key());
            executor.multicast(new GroupEvent.Decline(request.key(), "not in the libvirt of " + executor.self()));
            publisher.listEverything();
            return;
        }
        reply(request.key(), ((LocalActor.Outcome.Done) outcome).result());
    }

    private void reply(RequestKey key, FenceResult result) {
        executor.multicast(new GroupEvent.Reply(key, result));
    }

    /** On votequorum's thread: self-fence if cut off, and look at the deadlines on a thread of ours. */
    private void quorumChanged() {
        selfFencer.update(quorum.isQuorate(), quorum.describe());
        try {
            timers.execute(() -> executor.execute(this::checkDeadlines, () -> { }));
        } catch (RejectedExecutionException e) {
            LOG.debug("closing: no more deadline checks");
        }
    }

    /**
     * Tells the group of the self-fence deadlines that have passed, when this member is the highest of a
     * quorate partition (only a quorate partition may count on the others' self-fencing), and looks again
     * at the next deadline.
     */
    private void checkDeadlines() {
        if (!executor.inGroup()) {
            return;
        }
        long now = System.nanoTime();
        boolean speaker = state.map().highestMember().equals(Optional.of(executor.self())) && quorum.isQuorate();
        for (int node : deadlines.due(state.awaitedSelfFences(), state.view(), speaker, now)) {
            LOG.info("node {}: its self-fence deadline has passed; telling the group", Integer.toUnsignedString(node));
            executor.multicast(new GroupEvent.DeadlinePassed(node, state.view()));
        }
        if (deadlineCheck != null) {
            deadlineCheck.cancel(false);
            deadlineCheck = null;
        }
        Optional<Long> next = deadlines.next(now);
        if (next.isPresent()) {
            try {
                deadlineCheck = timers.schedule(() -> executor.execute(this::checkDeadlines, () -> { }), next.get() - now,
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("closing: no more deadline checks");
            }
        }
    }

    static Thread daemonThread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
