package org.jfenced.backend.cpg.state;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group's replicated state — the VM map and the open requests — and the rules that change it.
 * Every member applies the group's membership changes and messages in corosync's total order; the state
 * after each step, and the effects returned, depend only on what was applied since the last membership
 * change that let someone join. So a member that just joined and one that has been there for a year
 * take the same decisions.
 *
 * <p>That is why a join resets things: the newcomer knows nothing of the past, so at a join every member
 * forgets what the others published, the orphans and the open requests; everyone publishes again
 * ({@link Effect.Republish}) with the orphans it knew of and its own open requests, each with the member
 * already answering it. Decisions wait ("deferred") until every member has published.
 *
 * <p>Not thread-safe: the backend applies everything under one lock.
 */
public final class ClusterState {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterState.class);

    /** Replies remembered after they closed a request, to tell a duplicate from a reply that raced a join. */
    static final int ANSWERED_MEMORY = 4096;

    private final RequestRouter router;
    private final VmMap map = new VmMap();
    private final Map<RequestKey, OpenRequest> open = new LinkedHashMap<>();
    private final Set<RequestKey> answered = new HashSet<>();
    private final ArrayDeque<RequestKey> answeredOrder = new ArrayDeque<>();
    private long view;
    /**
     * What this member passes on about absent nodes at each join: what the map held at the joins so far,
     * until a replicated event changes or voids it. Kept apart from the map because joins can follow each
     * other faster than the snapshots that carry it, and the map forgets at every join.
     */
    private final Map<Integer, GroupEvent.AbsentNode> carried = new TreeMap<>(Integer::compareUnsigned);
    /**
     * The corosync ring's nodes. Corosync reports a ring change to every member at the same point of the
     * group's order, after the membership changes it caused; a node whose member left with it is taken out
     * at once, so that no decision in between counts it as a ring member without a daemon.
     */
    private final Set<Integer> ring = new TreeSet<>(Integer::compareUnsigned);

    public ClusterState(NameMode nameMode) {
        this.router = new RequestRouter(nameMode);
    }

    /**
     * Names the membership of the last join, the same on every member: snapshots, re-announcements and
     * node-gone notices carry it, so one that reaches the group after a later join can be told apart.
     */
    public long view() {
        return view;
    }

    /** The map, read-only for callers outside this package. */
    public VmMap map() {
        return map;
    }

    /** Open requests in the order the group saw them. */
    public Collection<OpenRequest> openRequests() {
        return List.copyOf(open.values());
    }

    /** Forgets everything: this member is no longer in a group (its corosync went away). */
    public void clear() {
        view = 0;
        carried.clear();
        ring.clear();
        map.clear();
        open.clear();
        answered.clear();
        answeredOrder.clear();
    }

    /**
     * Absent nodes whose self-fence deadline the group waits for, with the promise each made; what the map
     * holds and what this member carries from before the last join. The highest member of a quorate
     * partition measures the deadlines and tells the group ({@link GroupEvent.DeadlinePassed}).
     *
     * <p>A node that has a member again is not awaited, even before that member has published: a notice
     * measured from its earlier absence, still on its way when the node left again in the same view, would
     * otherwise end the wait for the new absence at once.
     */
    public Map<Integer, SelfFencePromise> awaitedSelfFences() {
        Map<Integer, SelfFencePromise> awaited = new TreeMap<>(Integer::compareUnsigned);
        carried.values().stream().filter(GroupEvent.AbsentNode::awaitsSelfFence).forEach(a -> awaited.put(a.nodeId(), a.promise()));
        map.absentList().stream().filter(GroupEvent.AbsentNode::awaitsSelfFence).forEach(a -> awaited.put(a.nodeId(), a.promise()));
        map.members().forEach(m -> awaited.remove(m.nodeId()));
        return awaited;
    }

    /** The corosync ring changed: these are its nodes now, with or without a member. */
    public void ring(Collection<Integer> nodeIds) {
        ring.clear();
        ring.addAll(nodeIds);
    }

    /** The corosync ring's nodes, ascending. */
    public Set<Integer> ringNodes() {
        return java.util.Collections.unmodifiableSet(ring);
    }

    /** Nodes in the corosync ring without a member (orphans aside): VMs nobody runs are refused while there are any. */
    public List<Integer> ringMembersWithoutDaemon() {
        return RequestRouter.withoutDaemon(map, ring);
    }

    /**
     * A membership change: who is in the group now, who joined, who left. Departures come first: requests
     * of a requester that left are dropped, requests whose actor left are decided again. A join resets
     * the publications and the open requests.
     */
    public List<Effect> membership(Collection<MemberId> members, Collection<MemberId> joined, Collection<Departure> left) {
        List<Effect> effects = new ArrayList<>();
        for (Departure d : left) {
            map.removeMember(d);
            if (d.nodeGone()) {
                ring.remove(d.member().nodeId());
            }
        }
        for (MemberId m : members) {
            map.addMember(m);
        }
        for (MemberId m : List.copyOf(map.members())) {
            if (!members.contains(m)) {
                map.removeMember(new Departure(m, false));
            }
        }
        if (!joined.isEmpty()) {
            List<OpenRequest> cleared = List.copyOf(open.values());
            map.absentList().forEach(this::carry);
            map.resetPublications();
            open.clear();
            answered.clear();
            answeredOrder.clear();
            view = viewOf(map.members());
            effects.add(new Effect.Republish(view, cleared, List.copyOf(carried.values())));
            return effects;
        }
        Set<MemberId> gone = new HashSet<>();
        left.forEach(d -> gone.add(d.member()));
        open.values().removeIf(r -> {
            if (gone.contains(r.key().requester())) {
                LOG.debug("dropping {}: its requester left", r);
                return true;
            }
            return false;
        });
        for (OpenRequest r : List.copyOf(open.values())) {
            if (r.route().isPresent() && gone.contains(r.route().get().actor())) {
                LOG.info("{}: its actor left the group; deciding again", r);
                decide(r.routed(Optional.empty()), effects);
            }
        }
        decideWaiting(effects);
        return effects;
    }

    /** Applies one message from {@code sender}, a current member. */
    public List<Effect> deliver(MemberId sender, GroupEvent event) {
        if (!map.isMember(sender)) {
            LOG.warn("ignoring a message from {}, which is not a member", sender);
            return List.of();
        }
        List<Effect> effects = new ArrayList<>();
        if (event instanceof GroupEvent.Snapshot s) {
            if (s.view() != view) {
                LOG.debug("ignoring a stale snapshot of {}: it answers an earlier join", sender);
                return effects;
            }
            map.applySnapshot(sender, s);
            if (s.last()) {
                carried.remove(sender.nodeId());
                s.openCalls().forEach(o -> reopen(sender, o, effects));
                decideWaiting(effects);
            }
        } else if (event instanceof GroupEvent.Delta d) {
            map.applyDelta(sender, d);
        } else if (event instanceof GroupEvent.Call c) {
            call(sender, c, effects);
        } else if (event instanceof GroupEvent.Reply r) {
            reply(sender, r, effects);
        } else if (event instanceof GroupEvent.Decline d) {
            decline(sender, d, effects);
        } else if (event instanceof GroupEvent.DeadlinePassed p && p.view() == view) {
            LOG.info("node {}: its self-fence deadline has passed, as {} measured it", Integer.toUnsignedString(p.nodeId()), sender);
            map.passDeadline(p.nodeId());
            carried.computeIfPresent(p.nodeId(), (node, a) -> a.afterDeadline().orElse(null));
            decideWaiting(effects);
        } else if (event instanceof GroupEvent.ConfirmDown c) {
            confirmDown(sender, c, effects);
        }
        return effects;
    }

    private void confirmDown(MemberId sender, GroupEvent.ConfirmDown c, List<Effect> effects) {
        if (map.members().stream().anyMatch(m -> m.nodeId() == c.nodeId())) {
            LOG.warn("ignoring {}'s confirmation that node {} is down: it is a member", c.operator(),
                    Integer.toUnsignedString(c.nodeId()));
            return;
        }
        LOG.warn("node {} confirmed down by {} (sent by {}): none of its VMs runs", Integer.toUnsignedString(c.nodeId()),
                c.operator(), sender);
        map.removeAbsent(c.nodeId());
        carried.remove(c.nodeId());
        effects.add(new Effect.ConfirmedDown(c.nodeId(), c.operator(), sender));
        decideWaiting(effects);
    }

    private void call(MemberId sender, GroupEvent.Call c, List<Effect> effects) {
        RequestKey key = new RequestKey(sender, c.requestId());
        if (isKnown(key)) {
            return;
        }
        decide(new OpenRequest(key, c.action(), c.target(), Optional.empty(), Set.of()), effects);
    }

    /**
     * A request re-announced in its requester's snapshot. The member that was answering it keeps it — even
     * one that declined to act and now answers as the highest — so that nothing is carried out twice.
     */
    private void reopen(MemberId requester, GroupEvent.OpenCall o, List<Effect> effects) {
        RequestKey key = new RequestKey(requester, o.call().requestId());
        if (isKnown(key)) {
            return;
        }
        OpenRequest request = new OpenRequest(key, o.call().action(), o.call().target(), Optional.empty(), o.declined());
        Optional<Route> previous = o.route().filter(r -> r.kind() != Route.Kind.WAIT && map.isMember(r.actor()));
        if (previous.isEmpty()) {
            open.put(key, request);
            return;
        }
        Route kept = new Route(previous.get().kind(), previous.get().actor(), Rule.KEPT_ACROSS_JOIN,
                "kept by the member answering it before members joined");
        OpenRequest routed = request.routed(Optional.of(kept));
        open.put(key, routed);
        effects.add(new Effect.Assigned(routed, kept));
    }

    private boolean isKnown(RequestKey key) {
        if (open.containsKey(key) || answered.contains(key)) {
            LOG.debug("ignoring {} again: already {}", key, open.containsKey(key) ? "open" : "answered");
            return true;
        }
        return false;
    }

    private void reply(MemberId sender, GroupEvent.Reply r, List<Effect> effects) {
        OpenRequest request = open.get(r.key());
        if (request == null) {
            if (answered.contains(r.key())) {
                LOG.info("ignoring a duplicate reply {} from {} to {}", r.result(), sender, r.key());
                return;
            }
            remember(r.key());
            effects.add(new Effect.Answered(r.key(), r.result(), sender, false));
            return;
        }
        MemberId actor = request.route().map(Route::actor).orElse(null);
        if (!sender.equals(actor)) {
            LOG.warn("ignoring reply {} from {} to {}: it is assigned to {}", r.result(), sender, request,
                    actor == null ? "nobody yet" : actor);
            return;
        }
        open.remove(r.key());
        remember(r.key());
        effects.add(new Effect.Answered(r.key(), r.result(), sender, true));
    }

    private void decline(MemberId sender, GroupEvent.Decline d, List<Effect> effects) {
        OpenRequest request = open.get(d.key());
        if (request == null || !request.route().map(Route::actor).filter(sender::equals).isPresent()) {
            LOG.debug("ignoring a decline of {} from {}: not its actor", d.key(), sender);
            return;
        }
        LOG.info("{}: {} declined ({}); deciding again", request, sender, d.reason());
        decide(request.declinedBy(sender), effects);
    }

    /**
     * The route a request for {@code target} would take now, without opening it: for {@code jfencectl explain}.
     * Empty while some member has not published its VMs.
     */
    public Optional<Route> explain(String target) {
        return router.route(map, ring, target, Set.of());
    }

    private void decide(OpenRequest request, List<Effect> effects) {
        Optional<Route> route = router.route(map, ring, request.target(), request.declined())
                .map(r -> r.kind() == Route.Kind.REFUSE || r.kind() == Route.Kind.WAIT ? r : pinned(request).orElse(r));
        OpenRequest next = request.routed(route);
        open.put(request.key(), next);
        if (route.isEmpty()) {
            LOG.debug("{}: waiting until every member has published its VMs", next);
        } else if (!route.equals(request.route())) {
            LOG.debug("{}: {} ({})", next, route.get().reason(), route.get().rule());
            effects.add(new Effect.Assigned(next, route.get()));
        }
    }

    /**
     * While a member carries out a request for a VM, further requests for that VM go to it too: the map may
     * not show the result yet (an on that has just started the VM elsewhere), and the actor knows best.
     */
    private Optional<Route> pinned(OpenRequest request) {
        Set<String> uuids = null;
        for (OpenRequest other : open.values()) {
            Optional<Route> busy = other.route().filter(r -> r.kind() == Route.Kind.ACT && map.isMember(r.actor()));
            if (other.key().equals(request.key()) || busy.isEmpty() || request.declined().contains(busy.get().actor())) {
                continue;
            }
            if (uuids == null) {
                uuids = router.uuidsOf(map, request.target());
            }
            if (other.target().equals(request.target()) || !java.util.Collections.disjoint(uuids,
                    router.uuidsOf(map, other.target()))) {
                return Optional.of(new Route(Route.Kind.ACT, busy.get().actor(), Rule.BUSY_THERE,
                        "it is carrying out " + other.key() + " for the same VM"));
            }
        }
        return Optional.empty();
    }

    /** Decides the requests that wait: for members to publish, or for a self-fence deadline. */
    private void decideWaiting(List<Effect> effects) {
        if (!map.allPublished()) {
            return;
        }
        for (OpenRequest r : List.copyOf(open.values())) {
            if (r.route().isEmpty() || r.route().get().kind() == Route.Kind.WAIT) {
                decide(r, effects);
            }
        }
    }

    private void carry(GroupEvent.AbsentNode node) {
        GroupEvent.AbsentNode known = carried.remove(node.nodeId());
        Optional<GroupEvent.AbsentNode> merged = known == null ? Optional.of(node) : known.merge(node);
        merged.ifPresent(m -> carried.put(m.nodeId(), m));
    }

    /** FNV-1a over the members in order: a stable name for a membership, computed alike everywhere. */
    static long viewOf(Collection<MemberId> members) {
        long hash = 0xcbf29ce484222325L;
        for (MemberId m : members) {
            for (int value : new int[] {m.nodeId(), m.pid()}) {
                for (int shift = 0; shift < 32; shift += 8) {
                    hash ^= (value >>> shift) & 0xff;
                    hash *= 0x100000001b3L;
                }
            }
        }
        return hash;
    }

    private void remember(RequestKey key) {
        if (answered.add(key)) {
            answeredOrder.add(key);
            if (answeredOrder.size() > ANSWERED_MEMORY) {
                answered.remove(answeredOrder.poll());
            }
        }
    }
}
