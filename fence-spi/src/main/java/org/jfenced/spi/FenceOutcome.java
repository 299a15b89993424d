package org.jfenced.spi;

import java.util.Objects;

/**
 * A request's result, the node that carried it out and why that node, for the request history and the
 * fence journal.
 *
 * @param actingNode {@link #THIS_NODE}, or the node a backend forwarded the request to (the cpg
 *     backend names corosync node ids); empty when no node acted
 * @param rule the backend's name for the rule that chose {@code actingNode} or the answer ({@link #ACTED_LOCALLY}
 *     for a backend that acts on its own host; backend cpg names its routing rules, e.g. {@code runs_there}); empty
 *     when the backend decided nothing (the daemon answered without it)
 * @param reason the rule's reason in words, for people reading the journal ("the VM is running there"); may be empty
 * @param stateBefore libvirt's word for the VM's state when the acting host found it ({@link VmState#word()}, e.g.
 *     {@code running}); empty when unknown: not looked up, unreadable, or acted on by another node
 * @param stateAfter the VM's state once the action was done, in the same words, or {@link #GONE} for a transient VM
 *     that vanished with its destroy; empty when unknown
 */
public record FenceOutcome(FenceResult result, String actingNode, String rule, String reason, String stateBefore,
        String stateAfter) {

    /** How a backend that acts on its own host names the acting node and the owner of its VMs. */
    public static final String THIS_NODE = "local";

    /** The rule of a backend that acts on its own host: it looked the VM up there and acted. */
    public static final String ACTED_LOCALLY = "acted_locally";

    /** The state after of a VM that no longer exists: a transient domain is undefined by its destroy. */
    public static final String GONE = "gone";

    public FenceOutcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(actingNode, "actingNode");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(stateBefore, "stateBefore");
        Objects.requireNonNull(stateAfter, "stateAfter");
    }

    /** {@code result} by {@code actingNode}, chosen by {@code rule}, with the VM's states unknown. */
    public FenceOutcome(FenceResult result, String actingNode, String rule, String reason) {
        this(result, actingNode, rule, reason, "", "");
    }

    /** {@code result} by {@code actingNode}, by no named rule. */
    public FenceOutcome(FenceResult result, String actingNode) {
        this(result, actingNode, "", "");
    }

    /** {@code result}, carried out by this node on its own host. */
    public static FenceOutcome local(FenceResult result) {
        return new FenceOutcome(result, THIS_NODE, ACTED_LOCALLY, "");
    }

    /** {@code result}, carried out by this node on its own host, which saw the VM go from one state to the other. */
    public static FenceOutcome local(FenceResult result, String stateBefore, String stateAfter) {
        return new FenceOutcome(result, THIS_NODE, ACTED_LOCALLY, "", stateBefore, stateAfter);
    }
}
