package org.jfenced.spi;

import java.util.Objects;

/**
 * A request's result and the node that carried it out, for the request history.
 *
 * @param actingNode {@link #THIS_NODE}, or the node a backend forwarded the request to (the cpg
 *     backend names corosync node ids)
 */
public record FenceOutcome(FenceResult result, String actingNode) {

    /** How a backend that acts on its own host names the acting node and the owner of its VMs. */
    public static final String THIS_NODE = "local";

    public FenceOutcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(actingNode, "actingNode");
    }

    /** {@code result}, carried out by this node. */
    public static FenceOutcome local(FenceResult result) {
        return new FenceOutcome(result, THIS_NODE);
    }
}
