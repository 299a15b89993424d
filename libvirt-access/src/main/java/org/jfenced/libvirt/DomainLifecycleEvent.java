package org.jfenced.libvirt;

import java.util.Objects;

/**
 * A change libvirt reported for one domain.
 *
 * @param uri the pool URI whose connection reported it
 * @param name the domain name
 * @param uuid the domain UUID, canonical lower case
 * @param kind what happened
 */
public record DomainLifecycleEvent(String uri, String name, String uuid, Kind kind) {

    public DomainLifecycleEvent {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(kind, "kind");
    }

    public enum Kind {
        /** Defined or redefined (persistent configuration written). */
        DEFINED,
        /** Undefined: the persistent configuration is gone. */
        UNDEFINED,
        /** Started, restored or migrated in: now active. */
        STARTED,
        /** Stopped by any means (destroy, shutdown, crash with destroy policy): now shut off. */
        STOPPED,
        /** Any other change of state (suspended, resumed, crashed, …): read the state if it matters. */
        OTHER
    }
}
