package org.jfenced.spi;

import java.util.List;
import java.util.Optional;

/**
 * What a backend knows about where VMs are, for {@code jfencectl vms}, {@code members} and
 * {@code status}.
 *
 * @param vms every VM the backend can fence, local and remote, sorted by name
 * @param membership the group this node is in; empty for a backend that serves its own host alone
 */
public record ClusterView(List<PlacedVm> vms, Optional<Membership> membership) {

    public ClusterView {
        vms = List.copyOf(vms);
    }

    /** A standalone host: every VM is owned by this node. */
    public static ClusterView standalone(List<VmInfo> vms) {
        return new ClusterView(vms.stream().map(vm -> new PlacedVm(vm, FenceOutcome.THIS_NODE, true)).toList(),
                Optional.empty());
    }
}
