package org.jfenced.backend.cpg;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jfenced.backend.cpg.state.NameMode;

/**
 * The cpg backend's configuration.
 *
 * @param uris this host's libvirt URIs, in lookup order
 * @param group the CPG group; every daemon of the cluster must use the same one
 * @param requestTimeout how long a requester waits for the group's answer before answering FAIL itself
 * @param unknownRequiresQuorum whether a VM no member has is answered as off only by a quorate partition
 * @param resyncInterval how often this host re-lists its VMs, to catch lifecycle events libvirt never sent
 * @param selfFence what this host does with its VMs when it is cut off
 * @param splitSkew how far apart the two sides of a partition may notice it: corosync's token and consensus
 *     timeouts together (read from cmap); the quorate side adds it to a departed host's self-fence timeout
 */
record CpgSettings(List<String> uris, NameMode nameMode, String group, Duration requestTimeout,
                   boolean unknownRequiresQuorum, Duration resyncInterval, SelfFenceSettings selfFence,
                   Duration splitSkew) {

    static final String DEFAULT_GROUP = "jfenced";
    /** Above the libvirt backend's 20 s deadline for the acting member, below the clients' 30 s. */
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(22);
    static final Duration DEFAULT_RESYNC_INTERVAL = Duration.ofSeconds(60);

    CpgSettings {
        uris = List.copyOf(uris);
        Objects.requireNonNull(nameMode, "nameMode");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(resyncInterval, "resyncInterval");
        Objects.requireNonNull(selfFence, "selfFence");
        Objects.requireNonNull(splitSkew, "splitSkew");
    }
}
