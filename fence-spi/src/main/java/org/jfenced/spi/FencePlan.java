package org.jfenced.spi;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a backend would do with a request now, without doing it: for {@code jfencectl explain}, which tells
 * an operator before an incident which node would act and why.
 *
 * @param actingNode the node that would carry it out or answer it, named as {@link FenceOutcome#actingNode};
 *     empty when none would
 * @param rule the rule that would decide, named as {@link FenceOutcome#rule}
 * @param reason the rule's reason in words
 * @param expected the answer the client would get, when the backend can tell without acting
 * @param facts what the decision rests on, one line each (quorum, how fresh the VM map is, the VM's state)
 */
public record FencePlan(String actingNode, String rule, String reason, Optional<FenceResult> expected,
        List<String> facts) {

    public FencePlan {
        Objects.requireNonNull(actingNode, "actingNode");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(expected, "expected");
        facts = List.copyOf(facts);
    }

    /**
     * The plan of a backend that acts on its own host ({@link FenceOutcome#ACTED_LOCALLY}) by fence_virtd's
     * rules, from a look at its VMs: status of a VM it has answers its state, of one it lacks OFF; off, on
     * and reboot of one it lacks FAIL.
     */
    public static FencePlan local(FenceAction action, String target, List<VmInfo> vms) {
        Optional<VmInfo> vm = vms.stream().filter(v -> v.name().equals(target) || v.uuid().equalsIgnoreCase(target))
                .findFirst();
        if (vm.isEmpty()) {
            FenceResult answer = action == FenceAction.STATUS ? FenceResult.OFF : FenceResult.FAIL;
            return new FencePlan(FenceOutcome.THIS_NODE, FenceOutcome.ACTED_LOCALLY, "no VM of this host is called \""
                    + target + "\"", Optional.of(answer), List.of(vms.size() + " VMs here"));
        }
        VmState state = vm.get().state();
        Optional<FenceResult> answer = action == FenceAction.STATUS
                ? Optional.of(state == VmState.SHUTOFF ? FenceResult.OFF : FenceResult.SUCCESS) : Optional.empty();
        return new FencePlan(FenceOutcome.THIS_NODE, FenceOutcome.ACTED_LOCALLY, "the VM is here, "
                + state.name().toLowerCase(Locale.ROOT), answer, List.of(vms.size() + " VMs here"));
    }
}
