package org.jfenced.spi;

import java.util.Objects;

/**
 * A VM as a backend lists it.
 *
 * @param name the libvirt domain name
 * @param uuid the canonical UUID string
 * @param state its power state
 */
public record VmInfo(String name, String uuid, VmState state) {

    public VmInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(state, "state");
    }
}
