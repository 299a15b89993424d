package org.jfenced.backend.cpg.state;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jfenced.spi.FenceAction;

/**
 * A request the group has seen and no accepted reply has closed yet.
 *
 * @param route who answers it; empty while the decision waits for members to publish their VMs
 * @param declined members that found they do not have the VM
 */
public record OpenRequest(RequestKey key, FenceAction action, String target, Optional<Route> route,
                          Set<MemberId> declined) {

    public OpenRequest {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(route, "route");
        declined = Set.copyOf(new TreeSet<>(declined));
    }

    OpenRequest routed(Optional<Route> newRoute) {
        return new OpenRequest(key, action, target, newRoute, declined);
    }

    OpenRequest declinedBy(MemberId member) {
        Set<MemberId> more = new TreeSet<>(declined);
        more.add(member);
        return new OpenRequest(key, action, target, Optional.empty(), more);
    }

    @Override
    public String toString() {
        return key + " " + action.name().toLowerCase(java.util.Locale.ROOT) + " \"" + target + "\""
                + route.map(r -> " -> " + r.kind() + " by " + r.actor()).orElse(" (waiting)");
    }
}
