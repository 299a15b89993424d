package org.jfenced.backend.cpg;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * This host's self-fencing as {@code jfencectl cpg} and {@code status} show it.
 *
 * @param cutOff this host is not quorate, or its corosync is gone: it destroys its VMs and refuses to start any
 * @param since when it was last found cut off
 * @param deadline by when its VMs are destroyed, as it promised the group
 * @param why what votequorum or corosync said
 * @param destroyed the VMs it destroyed since it was last found cut off
 */
public record SelfFenceStatus(boolean enabled, boolean cutOff, Optional<Instant> since, Optional<Instant> deadline,
                              String why, List<String> destroyed) {

    public SelfFenceStatus {
        destroyed = List.copyOf(destroyed);
    }

    public String describe() {
        if (!enabled) {
            return "self-fencing off (self_fence = no)";
        }
        if (!cutOff) {
            return "quorate" + since.map(s -> "; cut off at " + s + ", self-fenced then: "
                    + (destroyed.isEmpty() ? "none" : String.join(", ", destroyed))).orElse("");
        }
        return "not quorate since " + since.map(Instant::toString).orElse("?") + " (" + why + "); self-fence deadline "
                + deadline.map(Instant::toString).orElse("?") + "; destroyed: "
                + (destroyed.isEmpty() ? "none" : String.join(", ", destroyed)) + "; VMs are not started here";
    }
}
