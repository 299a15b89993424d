package org.jfenced.backend.cpg;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
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
import org.jfenced.libvirt.DomainLifecycleEvent;
import org.jfenced.libvirt.LibvirtHost;
import org.jfenced.libvirt.LibvirtConnectionPool;
import org.jfenced.libvirt.LibvirtEventListener;
import org.jfenced.libvirt.LocalLibvirt;
import org.jfenced.libvirt.PoolSettings;
import org.jfenced.libvirt.Subscription;
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
import org.slf4j.event.Level;

/**
 * Backend {@code cpg}: every host's daemon joins one CPG group and shares the VMs its libvirt knows; a
 * request is multicast to the group, every member takes the same decision on delivery ({@link ClusterState}),
 * the chosen member acts on its libvirt and multicasts the one reply.
 *
 * <p>Threads: one lock guards the replicated state, this host's inventory and the open requests. Whoever
 * has something for them — corosync's dispatch thread with the group's events in their total order, a
 * listener thread with a request, a libvirt thread with a result — applies it under the lock on its own
 * thread, so a request crosses as few threads as possible. Messages decided under the lock queue up in
 * decision order and leave through {@link #flush()}; corosync's dispatch thread never sends itself (while
 * it waited on flow control nobody would read what corosync has for us), it hands sending to a thread
 * of its own. Completions of callers' futures run after the lock is released.
 */
public final class CpgBackend implements FenceBackend, LocalLibvirt {

    private static final Logger LOG = LoggerFactory.getLogger(CpgBackend.class);
    private static final Duration FIRST_LISTING_WAIT = Duration.ofSeconds(30);
    /** After a join the members publish again within milliseconds; a list waits that long at most. */
    private static final Duration LIST_SETTLE_WAIT = Duration.ofSeconds(2);
    private static final Duration LIST_SETTLE_POLL = Duration.ofMillis(20);

    private final CpgSettings settings;
    private final LibvirtHost libvirt;
    private final Object lock = new Object();
    /** Encoded messages in the order they were decided; sent under {@link #sendLock}. */
    private final Queue<Queued> outbox = new ConcurrentLinkedQueue<>();
    private final Object sendLock = new Object();
    /** Callers' completions decided under the lock, run once it is released. */
    private final List<Runnable> completions = new ArrayList<>();
    private final ExecutorService sendThread;
    private final ScheduledThreadPoolExecutor timers;
    /** Group events that came before join() returned, when this member's own id was not known yet. */
    private final List<Runnable> early = new ArrayList<>();
    private boolean joinReturned;
    private final InventoryReader reader;
    private final LocalActor actor;
    private final QuorumView quorum;
    private final ClusterState state;
    private final LocalInventory inventory;
    /** This member's requests waiting for the group's answer, by request id. */
    private final Map<Long, Outgoing> outgoing = new LinkedHashMap<>();
    /** Requests this member is answering, until its reply is delivered. */
    private final Set<RequestKey> answering = new HashSet<>();
    private final SelfFenceDeadlines deadlines;
    private final SelfFencer selfFencer;
    private ScheduledFuture<?> deadlineCheck;
    private final Map<MemberId, Long> unreadableFrom = new HashMap<>();
    /** Confirmations of this member's operators, sent and not yet applied, by node. */
    private final Map<Integer, CompletableFuture<Void>> confirming = new HashMap<>();
    private long nextRequestId = ThreadLocalRandom.current().nextLong(1L << 40);
    private volatile GroupChannel channel;
    private volatile boolean inGroup;
    private volatile boolean closed;
    private Subscription libvirtEvents;
    private ScheduledFuture<?> resync;
    /** When a member's VMs last changed in the map (System.nanoTime), 0 before any; for explain. */
    private long lastMapChange;

    private CpgBackend(CpgSettings settings, LibvirtHost libvirt, QuorumView quorum, FenceObserver announce,
            SelfFencer selfFencer) {
        this.settings = settings;
        this.libvirt = libvirt;
        this.quorum = quorum;
        this.sendThread = Executors.newSingleThreadExecutor(r -> daemonThread(r, "cpg-send"));
        this.timers = new ScheduledThreadPoolExecutor(1, r -> daemonThread(r, "cpg-timers"));
        timers.setRemoveOnCancelPolicy(true);
        this.reader = new InventoryReader(libvirt.pool());
        this.selfFencer = selfFencer;
        this.actor = new LocalActor(libvirt, announce, selfFencer::refusesStarts);
        this.state = new ClusterState(settings.nameMode());
        this.inventory = new LocalInventory(settings.uris().size());
        this.deadlines = new SelfFenceDeadlines(settings.splitSkew());
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
        libvirtEvents = libvirt.pool().subscribe(new LibvirtEvents());
        listEverything().await(FIRST_LISTING_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        quorum.listen(this::quorumChanged);
        // a daemon (re)started on a host that is cut off keeps the promise at once
        selfFencer.update(quorum.isQuorate(), "at start: " + quorum.describe());
        channel = joiner.join(settings.group(), new Events());
        runLocked(() -> {
            joinReturned = true;
            early.forEach(Runnable::run);
            early.clear();
        });
        flush();
        String here = onState(() -> inventory.current().size() + " VMs here"
                + (inventory.complete() ? "" : ", but not every libvirt URI could be listed yet"));
        LOG.info("cpg backend: member {} of group {}; {}", channel.self(), settings.group(), here);
        long every = settings.resyncInterval().toMillis();
        resync = timers.scheduleWithFixedDelay(this::listEverything, every, every, TimeUnit.MILLISECONDS);
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
                return CompletableFuture.completedFuture(new FenceOutcome(inGroup ? FenceResult.SUCCESS : FenceResult.FAIL,
                        FenceOutcome.THIS_NODE));
            default:
                // the null verb, and anything else: every fence_virtd backend answers failure
                return CompletableFuture.completedFuture(new FenceOutcome(FenceResult.FAIL, FenceOutcome.THIS_NODE));
        }
    }

    /** Every VM of every member: the first member's name, on if it is on anywhere. */
    @Override
    public CompletionStage<List<VmInfo>> hostList() {
        CompletableFuture<List<VmInfo>> answer = new CompletableFuture<>();
        long deadline = System.nanoTime() + LIST_SETTLE_WAIT.toNanos();
        execute(() -> listWhenSettled(answer, deadline), () -> answer.completeExceptionally(
                new IllegalStateException("cpg backend closed")));
        return answer;
    }

    @Override
    public Health health() {
        boolean member = inGroup;
        GroupChannel c = channel;
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
        execute(() -> {
            FencePlan plan = planNow(request);
            completions.add(() -> answer.complete(plan));
        }, () -> answer.completeExceptionally(new IllegalStateException("cpg backend closed")));
        return answer;
    }

    private FencePlan planNow(FenceRequest request) {
        VmMap map = state.map();
        List<String> facts = new ArrayList<>();
        facts.add("group " + settings.group() + ": " + (inGroup ? "member " + channel.self() + ", " + map.members().size()
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

    /**
     * The group as this member sees it, for the admin socket: members, this member, quorum, the VM map with
     * owners, and the requests in flight.
     */
    public CompletionStage<ClusterSnapshot> snapshot() {
        CompletableFuture<ClusterSnapshot> answer = new CompletableFuture<>();
        execute(() -> completions.add(() -> answer.complete(describeCluster())), () -> answer.completeExceptionally(
                new IllegalStateException("cpg backend closed")));
        return answer;
    }

    /**
     * {@code jfencectl confirm-down}: an operator says node {@code nodeId} is down, so none of its VMs runs.
     * Refused while the node is in the cluster; completes once the group has applied it, and exceptionally
     * with the reason it was refused.
     */
    CompletionStage<Void> confirmDown(int nodeId, String operator) {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        execute(() -> {
            if (!inGroup) {
                completions.add(() -> answer.completeExceptionally(new IllegalStateException("this daemon is not in group "
                        + settings.group() + " now")));
            } else if (state.ringNodes().contains(nodeId)) {
                completions.add(() -> answer.completeExceptionally(new IllegalStateException("node "
                        + Integer.toUnsignedString(nodeId) + " is a member of the cluster; only a node that has left it"
                        + " can be confirmed down")));
            } else {
                LOG.warn("node {}: {} confirms it down; telling the group", Integer.toUnsignedString(nodeId), operator);
                confirming.put(nodeId, answer);
                multicast(new GroupEvent.ConfirmDown(nodeId, operator));
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
        if (closed) {
            return;
        }
        closed = true;
        if (resync != null) {
            resync.cancel(false);
        }
        if (libvirtEvents != null) {
            libvirtEvents.close();
        }
        GroupChannel c = channel;
        if (c != null) {
            c.close();
        }
        inGroup = false;
        runLocked(() -> failOutgoing("the cpg backend is closing"));
        timers.shutdownNow();
        sendThread.shutdownNow();
        reader.close();
        quorum.close();
        selfFencer.close();
        libvirt.close();
    }

    // ---- requests of this member ----

    /** A request of this member's listener, waiting for the group's answer. */
    private final class Outgoing {
        final FenceRequest request;
        final GroupEvent.Call call;
        final CompletableFuture<FenceOutcome> answer;
        final long startNanos = System.nanoTime();
        ScheduledFuture<?> timeout;
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

        void finish(FenceResult result, MemberId by) {
            timeout.cancel(false);
            long micros = (System.nanoTime() - startNanos) / 1000;
            // a cluster manager asks status every few seconds; only power changes are worth a line each
            LOG.atLevel(request.action().changesPower() ? Level.INFO : Level.DEBUG)
                    .addArgument(request).addArgument(result).addArgument(by)
                    // formatted only when the line is logged: status runs this on every request
                    .addArgument(() -> String.format("%d.%03d", micros / 1000, micros % 1000))
                    .log("{}: {} from member {} after {} ms");
            FenceOutcome outcome = route.map(r -> new FenceOutcome(result, Integer.toUnsignedString(by.nodeId()),
                    ruleName(r), r.reason())).orElse(new FenceOutcome(result, Integer.toUnsignedString(by.nodeId())));
            completions.add(() -> answer.complete(outcome));
        }
    }

    /** As the journal names rules: {@code runs_there}, {@code awaiting_self_fence}. */
    static String ruleName(Route route) {
        return route.rule().name().toLowerCase(Locale.ROOT);
    }

    private CompletionStage<FenceOutcome> route(FenceRequest request) {
        CompletableFuture<FenceOutcome> answer = new CompletableFuture<>();
        execute(() -> send(request, answer), () -> answer.complete(new FenceOutcome(FenceResult.FAIL, "")));
        return answer;
    }

    private void send(FenceRequest request, CompletableFuture<FenceOutcome> answer) {
        if (!inGroup) {
            LOG.warn("{}: FAIL, this daemon is not in group {} now", request, settings.group());
            completeLater(answer, FenceResult.FAIL, "");
            return;
        }
        long id = nextRequestId++;
        Outgoing o = new Outgoing(request, new GroupEvent.Call(id, request.action(), request.target()), answer);
        outgoing.put(id, o);
        o.timeout = timers.schedule(() -> execute(() -> timedOut(id), () -> { }), settings.requestTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
        LOG.debug("{}: multicast as {}#{}", request, channel.self(), Long.toUnsignedString(id));
        multicast(o.call);
    }

    private void timedOut(long id) {
        Outgoing o = outgoing.remove(id);
        if (o != null) {
            LOG.warn("{}: FAIL, no answer from the group within {} ms (answering: {})", o.request,
                    settings.requestTimeout().toMillis(), o.route.map(r -> r.kind() + " by " + r.actor()).orElse("undecided"));
            completeLater(o.answer, FenceResult.FAIL, "");
        }
    }

    private void failOutgoing(String why) {
        for (Outgoing o : outgoing.values()) {
            o.timeout.cancel(false);
            LOG.warn("{}: FAIL, {}", o.request, why);
            completeLater(o.answer, FenceResult.FAIL, "");
        }
        outgoing.clear();
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

    /** Applies a group event on the dispatch thread; what it decided to send leaves from the sender thread. */
    private void fromGroup(Runnable body) {
        if (closed) {
            return;
        }
        runLocked(() -> {
            // the join's own events arrive before join() has returned this member's id: keep them for then
            if (joinReturned) {
                body.run();
            } else {
                early.add(body);
            }
        });
        if (!outbox.isEmpty()) {
            try {
                sendThread.execute(this::flush);
            } catch (RejectedExecutionException e) {
                LOG.debug("closing: not sending what the last event decided");
            }
        }
    }

    private void membershipChanged(List<MemberId> members, List<MemberId> joined, List<Departure> left) {
        MemberId self = channel.self();
        if (joined.contains(self)) {
            inGroup = true;
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
        MemberId self = channel.self();
        if (event instanceof GroupEvent.Call c && sender.equals(self)) {
            Outgoing o = outgoing.get(c.requestId());
            if (o != null) {
                o.delivered = true;
            }
        }
        if (event instanceof GroupEvent.Snapshot || event instanceof GroupEvent.Delta) {
            lastMapChange = System.nanoTime();
        }
        apply(state.deliver(sender, event));
        checkDeadlines();
    }

    private void lost(String reason) {
        selfFencer.update(false, "corosync lost: " + reason);
        inGroup = false;
        state.clear();
        answering.clear();
        failOutgoing("this daemon lost its corosync (" + reason + ")");
    }

    private void apply(List<Effect> effects) {
        MemberId self = channel.self();
        for (Effect effect : effects) {
            if (effect instanceof Effect.Republish r) {
                republish(r, self);
            } else if (effect instanceof Effect.Assigned a) {
                RequestKey key = a.request().key();
                if (key.requester().equals(self) && outgoing.containsKey(key.id())) {
                    outgoing.get(key.id()).learn(a.request());
                    if (a.route().kind() == Route.Kind.WAIT && !quorum.isQuorate()) {
                        // only a quorate partition declares a deadline passed: here the wait could only time out
                        Outgoing o = outgoing.remove(key.id());
                        LOG.warn("{}: FAIL, {}, and this partition is not quorate", o.request, a.route().reason());
                        o.timeout.cancel(false);
                        completeLater(o.answer, FenceResult.FAIL, "");
                    }
                }
                if (a.route().kind() != Route.Kind.WAIT && a.route().actor().equals(self) && answering.add(key)) {
                    answer(a.request(), a.route());
                }
            } else if (effect instanceof Effect.Answered a) {
                if (a.by().equals(self)) {
                    answering.remove(a.key());
                }
                if (a.key().requester().equals(self)) {
                    Outgoing o = outgoing.remove(a.key().id());
                    if (o != null) {
                        o.finish(a.result(), a.by());
                    } else {
                        LOG.info("late reply {} from {} to {}: its requester had already answered", a.result(), a.by(), a.key());
                    }
                }
            } else if (effect instanceof Effect.ConfirmedDown c && c.sender().equals(self)) {
                CompletableFuture<Void> waiting = confirming.remove(c.nodeId());
                if (waiting != null) {
                    completions.add(() -> waiting.complete(null));
                }
            }
        }
    }

    /** A join reset the group: publish this host's VMs again, with the absent nodes known here and the open requests. */
    private void republish(Effect.Republish r, MemberId self) {
        for (OpenRequest cleared : r.cleared()) {
            Outgoing o = cleared.key().requester().equals(self) ? outgoing.get(cleared.key().id()) : null;
            if (o != null) {
                o.learn(cleared);
            }
        }
        List<GroupEvent.OpenCall> open = new ArrayList<>();
        for (Outgoing o : outgoing.values()) {
            if (o.delivered) {
                open.add(new GroupEvent.OpenCall(o.call, o.route, o.declined));
            }
        }
        // a snapshot still unsent answers an earlier join: if the membership is the same again (a node cut off
        // and back, with the same pid), the group could not tell it from this one, and it re-announces
        // requests answered since
        outbox.removeIf(Queued::snapshot);
        List<GroupEvent.Snapshot> chunks = inventory.snapshot(r.view(), r.absent(), open,
                settings.selfFence().promise(quorum.minorityMayBeQuorate()));
        LOG.debug("publishing {} VMs in {} chunk(s), {} absent node(s), {} open request(s)",
                chunks.stream().mapToInt(c -> c.vms().size()).sum(), chunks.size(), r.absent().size(), open.size());
        chunks.forEach(this::multicast);
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
                actor.carryOut(request).whenComplete((outcome, e) -> execute(() -> carriedOut(request, outcome), () -> { }));
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
            multicast(new GroupEvent.Decline(request.key(), "not in the libvirt of " + channel.self()));
            listEverything();
            return;
        }
        reply(request.key(), ((LocalActor.Outcome.Done) outcome).result());
    }

    private void reply(RequestKey key, FenceResult result) {
        multicast(new GroupEvent.Reply(key, result));
    }

    /** On votequorum's thread: self-fence if cut off, and look at the deadlines on a thread of ours. */
    private void quorumChanged() {
        selfFencer.update(quorum.isQuorate(), quorum.describe());
        try {
            timers.execute(() -> execute(this::checkDeadlines, () -> { }));
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
        if (!inGroup) {
            return;
        }
        long now = System.nanoTime();
        boolean speaker = state.map().highestMember().equals(Optional.of(channel.self())) && quorum.isQuorate();
        for (int node : deadlines.due(state.awaitedSelfFences(), state.view(), speaker, now)) {
            LOG.info("node {}: its self-fence deadline has passed; telling the group", Integer.toUnsignedString(node));
            multicast(new GroupEvent.DeadlinePassed(node, state.view()));
        }
        if (deadlineCheck != null) {
            deadlineCheck.cancel(false);
            deadlineCheck = null;
        }
        Optional<Long> next = deadlines.next(now);
        if (next.isPresent()) {
            try {
                deadlineCheck = timers.schedule(() -> execute(this::checkDeadlines, () -> { }), next.get() - now,
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("closing: no more deadline checks");
            }
        }
    }

    /** An encoded message waiting to be sent; snapshots are marked, as a later join makes them void. */
    private record Queued(byte[] message, boolean snapshot) {
    }

    /** Queues a message in decision order; it leaves when the lock's holder flushes. */
    private void multicast(GroupEvent event) {
        if (channel == null || !inGroup) {
            return;
        }
        outbox.add(new Queued(GroupCodec.encode(event), event instanceof GroupEvent.Snapshot));
    }

    /** Sends what is queued, in order; any thread but corosync's dispatch thread. */
    private void flush() {
        synchronized (sendLock) {
            Queued queued;
            while ((queued = outbox.poll()) != null) {
                try {
                    channel.send(queued.message());
                } catch (IOException | IllegalStateException e) {
                    LOG.warn("cannot multicast to group {}: {}", settings.group(), e.getMessage());
                }
            }
        }
    }

    // ---- this host's inventory ----

    /** libvirt's reports, turned into reads of the inventory reader; their results are applied under the lock. */
    private final class LibvirtEvents implements LibvirtEventListener {
        @Override
        public void onDomainEvent(DomainLifecycleEvent event) {
            int index = settings.uris().indexOf(event.uri());
            reader.read(index, event.uuid(), read -> read.ifPresent(r -> execute(() -> {
                Optional<VmInfo> vm = r instanceof InventoryReader.DomainRead.Present p ? Optional.of(p.vm()) : Optional.empty();
                publish(inventory.refreshed(index, event.uuid(), vm));
            }, () -> { })));
        }

        @Override
        public void onConnectionUp(String uri) {
            list(settings.uris().indexOf(uri), null);
        }

        @Override
        public void onConnectionDown(String uri, String reason) {
            int index = settings.uris().indexOf(uri);
            execute(() -> publish(inventory.down(index)), () -> { });
        }
    }

    /**
     * Lists every URI that is up, then makes sure the group holds what this host has (a resync catches
     * lifecycle events libvirt never sent); the latch opens when every listing has ended.
     */
    private CountDownLatch listEverything() {
        CountDownLatch done = new CountDownLatch(settings.uris().size());
        for (int i = 0; i < settings.uris().size(); i++) {
            if (libvirt.pool().status().get(i).up()) {
                list(i, done);
            } else {
                done.countDown();
            }
        }
        reader.afterQueued(() -> execute(this::correctGroupView, () -> { }));
        return done;
    }

    private void list(int index, CountDownLatch done) {
        reader.list(index, vms -> {
            vms.ifPresent(list -> execute(() -> publish(inventory.listed(index, list)), () -> { }));
            if (done != null) {
                done.countDown();
            }
        });
    }

    private void correctGroupView() {
        GroupChannel c = channel;
        if (inGroup && state.map().isPublished(c.self())) {
            publish(inventory.correct(state.map().vmsOf(c.self())));
        }
    }

    private void publish(Optional<GroupEvent.Delta> delta) {
        delta.ifPresent(d -> {
            LOG.debug("VM changes here: {} changed, {} gone, complete {}, reachable {}", d.upserted().size(),
                    d.removedUuids().size(), d.complete(), d.reachable());
            multicast(d);
        });
    }

    // ---- lists and views ----

    private void listWhenSettled(CompletableFuture<List<VmInfo>> answer, long deadline) {
        if (!inGroup) {
            completions.add(() -> answer.completeExceptionally(new IllegalStateException("not in group " + settings.group())));
            return;
        }
        if (!state.map().allPublished() && System.nanoTime() < deadline) {
            try {
                timers.schedule(() -> execute(() -> listWhenSettled(answer, deadline), () -> answer.completeExceptionally(
                        new IllegalStateException("cpg backend closed"))), LIST_SETTLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (RejectedExecutionException e) {
                completions.add(() -> answer.completeExceptionally(new IllegalStateException("cpg backend closed")));
                return;
            }
        }
        Map<String, VmInfo> all = new LinkedHashMap<>();
        for (MemberId m : state.map().members()) {
            for (VmInfo vm : state.map().vmsOf(m)) {
                all.merge(vm.uuid(), vm, (a, b) -> a.state().isOn() || !b.state().isOn() ? a : new VmInfo(a.name(), a.uuid(), b.state()));
            }
        }
        List<VmInfo> list = new ArrayList<>(all.values());
        list.sort(Comparator.comparing(VmInfo::name, String.CASE_INSENSITIVE_ORDER).thenComparing(VmInfo::name));
        completions.add(() -> answer.complete(list));
    }

    private ClusterSnapshot describeCluster() {
        VmMap map = state.map();
        List<ClusterSnapshot.Member> members = new ArrayList<>();
        List<ClusterSnapshot.PlacedVm> vms = new ArrayList<>();
        for (MemberId m : map.members()) {
            members.add(new ClusterSnapshot.Member(m, map.isPublished(m), map.isComplete(m), map.isReachable(m),
                    map.vmsOf(m).size()));
            map.vmsOf(m).forEach(vm -> vms.add(new ClusterSnapshot.PlacedVm(vm, m.nodeId(), false)));
        }
        List<ClusterSnapshot.Absent> absent = new ArrayList<>();
        Map<Integer, Long> remaining = deadlines.remaining(System.nanoTime());
        for (GroupEvent.AbsentNode node : map.absentList()) {
            node.vms().forEach(vm -> vms.add(new ClusterSnapshot.PlacedVm(vm, node.nodeId(), true)));
            absent.add(new ClusterSnapshot.Absent(node, Optional.ofNullable(remaining.get(node.nodeId())).map(Duration::ofNanos)));
        }
        vms.sort(Comparator.comparing((ClusterSnapshot.PlacedVm p) -> p.vm().name(), String.CASE_INSENSITIVE_ORDER)
                .thenComparingInt(ClusterSnapshot.PlacedVm::nodeId));
        GroupChannel c = channel;
        return new ClusterSnapshot(settings.group(), c == null ? null : c.self(), inGroup, quorum.isQuorate(),
                members, vms, absent, state.ringMembersWithoutDaemon(), List.copyOf(state.openRequests()), selfFencer.status());
    }

    // ---- plumbing ----

    /** Runs {@code task} under the lock on this thread, then the completions it decided, then sends. */
    private void execute(Runnable task, Runnable ifClosed) {
        if (closed) {
            ifClosed.run();
            return;
        }
        runLocked(task);
        flush();
    }

    private void runLocked(Runnable body) {
        List<Runnable> done;
        synchronized (lock) {
            try {
                body.run();
            } catch (RuntimeException e) {
                LOG.error("cpg backend: unexpected failure; the group's state may be wrong", e);
            }
            done = List.copyOf(completions);
            completions.clear();
        }
        done.forEach(Runnable::run);
    }

    /** Completes a caller's future once the lock is released: its continuations are not ours to run under it. */
    private void completeLater(CompletableFuture<FenceOutcome> answer, FenceResult result, String actingNode) {
        FenceOutcome outcome = new FenceOutcome(result, actingNode);
        completions.add(() -> answer.complete(outcome));
    }

    private <T> T onState(Callable<T> query) {
        synchronized (lock) {
            try {
                return query.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static Thread daemonThread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
