package org.jfenced.spi;

import java.util.Objects;

/**
 * A VM and the node that owns it (runs it, or has it defined), as a backend sees the cluster.
 *
 * @param owner {@link FenceOutcome#THIS_NODE} for a backend that only knows its own host; the cpg
 *     backend names corosync node ids
 * @param local whether the owner is this node
 */
public record PlacedVm(VmInfo vm, String owner, boolean local) {

    public PlacedVm {
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(owner, "owner");
    }
}
