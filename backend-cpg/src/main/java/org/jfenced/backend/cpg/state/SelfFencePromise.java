package org.jfenced.backend.cpg.state;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a member promises to do with its VMs when it finds itself cut off from the quorate part of the
 * cluster: destroy those in scope within {@code timeout}. Each member publishes its own promise with its
 * VMs, so the others know, when it leaves, which of its VMs they may later call off and when.
 *
 * @param enabled {@code self_fence} is on
 * @param scope a regular expression the whole VM name must match to be self-fenced; empty for every VM
 * @param timeout how long after losing quorum or corosync its VMs are destroyed at the latest
 * @param voidedBy empty, or why a cut-off host of this cluster may stay quorate and so would not
 *     self-fence: the votequorum settings that allow it ({@code two_node}, {@code auto_tie_breaker},
 *     {@code last_man_standing})
 */
public record SelfFencePromise(boolean enabled, String scope, Duration timeout, String voidedBy) {

    /** What is known of a member that never published: nothing, so no promise. */
    public static final SelfFencePromise NONE = new SelfFencePromise(false, "", Duration.ZERO, "");

    public SelfFencePromise {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(voidedBy, "voidedBy");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative self-fence timeout " + timeout);
        }
    }

    /** Checks a scope before it is published: a member that could not read it would count no VM as covered. */
    public static String checkScope(String scope) {
        try {
            Pattern.compile(scope);
            return scope;
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a regular expression: " + e.getDescription(), e);
        }
    }

    /** Whether the host will destroy its VMs when cut off: it is on, and it cannot stay quorate alone. */
    public boolean holds() {
        return enabled && voidedBy.isEmpty();
    }

    /** Whether the promise covers the VM named {@code name}. */
    public boolean covers(String name) {
        return holds() && (scope.isEmpty() || matches(name));
    }

    /** Whether it covers any VM whatever its name: a VM the host did not list is covered too. */
    public boolean coversEveryVm() {
        return holds() && scope.isEmpty();
    }

    /** For logs and {@code jfencectl cpg}: why the VM named {@code name} is not covered. */
    public String whyNot(String name) {
        if (!enabled) {
            return "self_fence is off there";
        }
        if (!voidedBy.isEmpty()) {
            return "with " + voidedBy + " a cut-off host may stay quorate and keep its VMs running";
        }
        return "\"" + name + "\" is outside its self_fence_vms \"" + scope + "\"";
    }

    private boolean matches(String name) {
        try {
            return Pattern.matches(scope, name);
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "no self-fencing";
        }
        return "self-fencing " + (scope.isEmpty() ? "every VM" : "VMs matching \"" + scope + "\"") + " within "
                + timeout.toMillis() + " ms" + (voidedBy.isEmpty() ? "" : ", void with " + voidedBy);
    }
}
