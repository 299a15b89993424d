package org.jfenced.backend.cpg.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jfenced.spi.VmState;

/**
 * Decides who answers a request: a pure function of the replicated map, so every member, applying the
 * same messages in the same order, reaches the same decision. Each decision names its {@link Rule}.
 *
 * <ol>
 *   <li>A member on which the VM is on acts (running beats paused and the like, then the lowest member):
 *       status, off and reboot reach the host where the VM really runs.</li>
 *   <li>Otherwise, if the VM was last seen on an absent node, or some host could run it unseen, nobody can
 *       answer truthfully yet. A node whose daemon left while the node stayed ("orphaned"), a member that
 *       has never listed one of its libvirt URIs ("incomplete"), a node that left the cluster without a
 *       self-fence promise covering the VM, a node in the corosync ring that has no daemon in the group at
 *       all: the request is refused. A node that left the cluster and promised to destroy the VM by a
 *       deadline: the request waits for the deadline.</li>
 *   <li>A VM defined but off on some members goes to the lowest of them: on starts it on exactly one host.</li>
 *   <li>Nobody has it: the highest member answers it as unknown (off), if its partition is quorate.</li>
 * </ol>
 * A member whose libvirt went down keeps the VMs it last saw in its list, so requests for them still
 * reach it (and fail there) instead of being called off. Refusals and unknown answers come from the
 * highest member, so they come exactly once too. Members that declined the request (the VM vanished from
 * their libvirt) are left out. While a member has not published its VMs since the last join there is no
 * decision yet.
 */
public final class RequestRouter {

    /** Running and blocked are "really running"; paused, crashed, shutting down still count as on. */
    private static final Comparator<VmMap.Holding> ON_HOLDERS = Comparator
            .comparingInt((VmMap.Holding h) -> h.vm().state() == VmState.RUNNING || h.vm().state() == VmState.BLOCKED ? 0 : 1)
            .thenComparing(VmMap.Holding::owner);

    /** "the VM is running there" and the like, made once: the reason is given on every request. */
    private static final Map<VmState, String> RUNS_THERE_REASONS = new EnumMap<>(VmState.class);

    static {
        for (VmState state : VmState.values()) {
            RUNS_THERE_REASONS.put(state, "the VM is " + describe(state) + " there");
        }
    }

    private final NameMode nameMode;

    public RequestRouter(NameMode nameMode) {
        this.nameMode = nameMode;
    }

    /**
     * The route, or empty while some member has not published its VMs.
     *
     * @param ring the nodes of the corosync ring, as corosync last reported them to the group
     */
    public Optional<Route> route(VmMap map, Set<Integer> ring, String target, Set<MemberId> declined) {
        Optional<MemberId> highest = map.highestMember();
        if (highest.isEmpty()) {
            return Optional.empty();
        }
        boolean byUuid = Targets.isUuid(target);
        if (nameMode == NameMode.UUID && !byUuid) {
            return refuse(highest.get(), Rule.NOT_A_UUID, "name_mode is uuid and \"" + target + "\" is not a UUID");
        }
        if (!map.allPublished()) {
            return Optional.empty();
        }
        List<VmMap.Holding> holdings = map.holdings(target, byUuid);
        // a loop, not streams: every member routes every request, and this is most of what a member that
        // neither asks nor answers does for one
        List<VmMap.Holding> live = new ArrayList<>(holdings.size());
        VmMap.Holding running = null;
        for (VmMap.Holding h : holdings) {
            if (h.owner().absent() || declined.contains(h.owner().member())) {
                continue;
            }
            live.add(h);
            if (h.vm().state().isOn() && (running == null || ON_HOLDERS.compare(h, running) < 0)) {
                running = h;
            }
        }
        if (running != null) {
            return act(running, Rule.RUNS_THERE, RUNS_THERE_REASONS.get(running.vm().state()));
        }
        Optional<Route> absentHolder = absentHolders(map, highest.get(), holdings);
        if (absentHolder.isPresent()) {
            return absentHolder;
        }
        Optional<Route> unseen = unseen(map, ring, highest.get(), byUuid ? Optional.empty() : Optional.of(target), declined);
        if (unseen.isPresent()) {
            return unseen;
        }
        Optional<VmMap.Holding> defined = live.stream().min(Comparator.comparing(VmMap.Holding::owner));
        if (defined.isPresent()) {
            return act(defined.get(), Rule.DEFINED_THERE, "the VM is defined but off there (lowest of " + live.size() + ")");
        }
        return Optional.of(new Route(Route.Kind.ANSWER_UNKNOWN, highest.get(), Rule.NOBODY_HAS_IT,
                "no member has the VM; the highest member answers for it"));
    }

    /** The VM was last seen on absent nodes: refused if any of them may run it on, else waiting for a deadline. */
    private static Optional<Route> absentHolders(VmMap map, MemberId highest, List<VmMap.Holding> holdings) {
        Optional<Route> wait = Optional.empty();
        for (VmMap.Holding h : holdings) {
            if (!h.owner().absent()) {
                continue;
            }
            GroupEvent.AbsentNode node = map.absentNode(h.owner().nodeId()).orElseThrow();
            String where = "the VM was last seen on node " + Integer.toUnsignedString(node.nodeId());
            if (node.fate() == GroupEvent.Fate.ORPHANED) {
                return refuse(highest, Rule.ORPHANED, where + ", whose jfenced left the group while the node stayed in the cluster");
            }
            if (!node.awaitsSelfFence() || !node.promise().covers(h.vm().name())) {
                return refuse(highest, Rule.NOT_SELF_FENCED, where + ", which left the cluster, and it is not self-fenced ("
                        + node.promise().whyNot(h.vm().name()) + "); only jfencectl confirm-down "
                        + Integer.toUnsignedString(node.nodeId()) + " settles it");
            }
            wait = wait.or(() -> waitFor(highest, where + ", which left the cluster; it destroys the VM itself by its deadline"));
        }
        return wait;
    }

    /**
     * Hosts that could run a VM nobody lists: orphaned nodes and incomplete members (refused), ring members
     * without a daemon (refused), cut-off nodes whose list was incomplete (refused unless their promise covers
     * {@code name}, then waiting for the deadline).
     */
    private static Optional<Route> unseen(VmMap map, Set<Integer> ring, MemberId highest, Optional<String> name,
            Set<MemberId> declined) {
        List<Integer> blind = new ArrayList<>();
        List<Integer> awaited = new ArrayList<>();
        for (int node : map.absentNodes()) {
            GroupEvent.AbsentNode absent = map.absentNode(node).orElseThrow();
            if (absent.fate() == GroupEvent.Fate.ORPHANED) {
                blind.add(node);
            } else if (!absent.complete()) {
                boolean covered = absent.promise().coversEveryVm() || name.map(absent.promise()::covers).orElse(false);
                if (!covered) {
                    blind.add(node);
                } else if (!absent.deadlinePassed()) {
                    awaited.add(node);
                }
            }
        }
        map.members().stream().filter(m -> !map.isComplete(m) && !declined.contains(m)).map(MemberId::nodeId)
                .forEach(blind::add);
        if (!blind.isEmpty()) {
            return refuse(highest, Rule.UNSEEN, "no member has the VM running, and node " + nodes(blind)
                    + " could run it unseen (its jfenced is gone, or has not listed its libvirt)");
        }
        List<Integer> withoutDaemon = withoutDaemon(map, ring);
        if (!withoutDaemon.isEmpty()) {
            return refuse(highest, Rule.RING_MEMBER_WITHOUT_DAEMON, "no member has the VM running, and node "
                    + nodes(withoutDaemon) + " is in the corosync ring without a jfenced in the group: it could run it unseen");
        }
        if (!awaited.isEmpty()) {
            return waitFor(highest, "no member has the VM running, and node " + nodes(awaited)
                    + " left the cluster before it had listed its libvirt; it destroys its VMs itself by its deadline");
        }
        return Optional.empty();
    }

    /**
     * Nodes of the corosync ring that have no member, ascending; orphaned ones are left out (they are refused
     * as orphans). A node that left the ring is not in it, so a cut-off node counts only once it is back.
     */
    public static List<Integer> withoutDaemon(VmMap map, Set<Integer> ring) {
        List<Integer> nodes = new ArrayList<>();
        for (int node : ring) {
            boolean member = map.members().stream().anyMatch(m -> m.nodeId() == node);
            boolean orphaned = map.absentNode(node).filter(a -> a.fate() == GroupEvent.Fate.ORPHANED).isPresent();
            if (!member && !orphaned) {
                nodes.add(node);
            }
        }
        nodes.sort(Integer::compareUnsigned);
        return nodes;
    }

    /** The UUIDs of the VMs {@code target} names, on any owner; for recognising two requests for one VM. */
    Set<String> uuidsOf(VmMap map, String target) {
        boolean byUuid = Targets.isUuid(target);
        Set<String> uuids = new java.util.HashSet<>();
        if (byUuid) {
            uuids.add(Targets.uuidKey(target));
        }
        map.holdings(target, byUuid).forEach(h -> uuids.add(h.vm().uuid()));
        return uuids;
    }

    private static Optional<Route> act(VmMap.Holding holding, Rule rule, String reason) {
        return Optional.of(new Route(Route.Kind.ACT, holding.owner().member(), rule, reason));
    }

    private static Optional<Route> refuse(MemberId highest, Rule rule, String reason) {
        return Optional.of(new Route(Route.Kind.REFUSE, highest, rule, reason));
    }

    private static Optional<Route> waitFor(MemberId highest, String reason) {
        return Optional.of(new Route(Route.Kind.WAIT, highest, Rule.AWAITING_SELF_FENCE, reason));
    }

    private static String describe(VmState state) {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String nodes(List<Integer> nodeIds) {
        return nodeIds.stream().distinct().map(Integer::toUnsignedString).collect(Collectors.joining(", "));
    }
}
