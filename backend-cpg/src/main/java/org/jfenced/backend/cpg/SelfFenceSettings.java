package org.jfenced.backend.cpg;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jfenced.backend.cpg.state.SelfFencePromise;

/**
 * {@code self_fence}, {@code self_fence_vms} and {@code self_fence_timeout}: whether this host destroys its
 * VMs when it loses quorum or its corosync, which, and by when.
 *
 * @param scope a regular expression the whole VM name must match; empty for every VM
 */
record SelfFenceSettings(boolean enabled, String scope, Duration timeout) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    SelfFenceSettings {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(timeout, "timeout");
    }

    static SelfFenceSettings defaults() {
        return new SelfFenceSettings(true, "", DEFAULT_TIMEOUT);
    }

    /**
     * What this host promises the group.
     *
     * @param minorityMayBeQuorate the votequorum settings with which a cut-off host may stay quorate (and so
     *     would not self-fence); any of them voids the promise
     */
    SelfFencePromise promise(List<String> minorityMayBeQuorate) {
        return new SelfFencePromise(enabled, scope, timeout, String.join(", ", minorityMayBeQuorate));
    }
}
