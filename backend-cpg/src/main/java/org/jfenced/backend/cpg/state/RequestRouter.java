package org.jfenced.backend.cpg.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jfenced.spi.VmState;

/**
 * Decides who answers a request: a pure function of the replicated map, so every member, applying the
 * same messages in the same order, reaches the same decision.
 *
 * <ol>
 *   <li>A member on which the VM is on acts (running beats paused and the like, then the lowest member):
 *       status, off and reboot reach the host where the VM really runs.</li>
 *   <li>Otherwise, if some host could run the VM unseen, the request is refused: a host whose daemon left
 *       while the host stayed in the cluster ("orphaned"), or a member that has never managed to list one
 *       of its libvirt URIs ("incomplete"). Calling the VM off, or starting it elsewhere, could be wrong.</li>
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

    private final NameMode nameMode;

    public RequestRouter(NameMode nameMode) {
        this.nameMode = nameMode;
    }

    /** The route, or empty while some member has not published its VMs. */
    public Optional<Route> route(VmMap map, String target, Set<MemberId> declined) {
        Optional<MemberId> highest = map.highestMember();
        if (highest.isEmpty()) {
            return Optional.empty();
        }
        boolean byUuid = Targets.isUuid(target);
        if (nameMode == NameMode.UUID && !byUuid) {
            return refuse(highest.get(), "name_mode is uuid and \"" + target + "\" is not a UUID");
        }
        if (!map.allPublished()) {
            return Optional.empty();
        }
        List<VmMap.Holding> holdings = map.holdings(target, byUuid);
        List<VmMap.Holding> live = holdings.stream()
                .filter(h -> !h.owner().orphan() && !declined.contains(h.owner().member()))
                .toList();

        Optional<VmMap.Holding> running = live.stream().filter(h -> h.vm().state().isOn()).min(ON_HOLDERS);
        if (running.isPresent()) {
            return act(running.get(), "the VM is " + describe(running.get().vm().state()) + " there");
        }
        List<Integer> orphanNodes = holdings.stream().filter(h -> h.owner().orphan())
                .map(h -> h.owner().nodeId()).distinct().toList();
        if (!orphanNodes.isEmpty()) {
            return refuse(highest.get(), "the VM was last seen on node " + nodes(orphanNodes)
                    + ", whose jfenced left the group while the node stayed in the cluster");
        }
        List<Integer> blind = new ArrayList<>(map.orphanNodes());
        map.members().stream().filter(m -> !map.isComplete(m) && !declined.contains(m)).map(MemberId::nodeId)
                .forEach(blind::add);
        if (!blind.isEmpty()) {
            return refuse(highest.get(), "no member has the VM running, and node " + nodes(blind)
                    + " could run it unseen (its jfenced is gone, or has not yet listed its libvirt)");
        }
        Optional<VmMap.Holding> defined = live.stream().min(Comparator.comparing(VmMap.Holding::owner));
        if (defined.isPresent()) {
            return act(defined.get(), "the VM is defined but off there (lowest of " + live.size() + ")");
        }
        return Optional.of(new Route(Route.Kind.ANSWER_UNKNOWN, highest.get(),
                "no member has the VM; the highest member answers for it"));
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

    private static Optional<Route> act(VmMap.Holding holding, String reason) {
        return Optional.of(new Route(Route.Kind.ACT, holding.owner().member(), reason));
    }

    private static Optional<Route> refuse(MemberId highest, String reason) {
        return Optional.of(new Route(Route.Kind.REFUSE, highest, reason));
    }

    private static String describe(VmState state) {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String nodes(List<Integer> nodeIds) {
        return nodeIds.stream().distinct().map(Integer::toUnsignedString).collect(Collectors.joining(", "));
    }
}
