package org.jfenced.backend.docker;

import java.util.Locale;
import java.util.Objects;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;

/**
 * A container as the backend sees a VM.
 *
 * @param name the container's name, which clients use as the VM name
 * @param id the full container id (64 hex digits)
 * @param state docker's state word: created, running, paused, restarting, removing, exited or dead
 */
record Container(String name, String id, String state) {

    Container {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        if (!id.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a full container id: \"" + id + '"');
        }
    }

    /**
     * Off only when no process of it can run: created (never started), exited or dead. Anything else —
     * including a state docker may add later — counts as on, so status never says OFF for a guest that
     * might still run.
     */
    VmState vmState() {
        switch (state.toLowerCase(Locale.ROOT)) {
            case "created":
            case "exited":
            case "dead":
                return VmState.SHUTOFF;
            case "paused":
                return VmState.PAUSED;
            default:
                return VmState.RUNNING;
        }
    }

    boolean isOff() {
        return vmState() == VmState.SHUTOFF;
    }

    /** The first 128 bits of the id in UUID form: fence_xvm lists a name and a UUID for every VM. */
    String uuid() {
        return id.substring(0, 8) + '-' + id.substring(8, 12) + '-' + id.substring(12, 16) + '-'
                + id.substring(16, 20) + '-' + id.substring(20, 32);
    }

    /** Whether a client's target names this container: its name exactly, or its UUID form in any case. */
    boolean isNamedBy(String target) {
        return name.equals(target) || uuid().equalsIgnoreCase(target);
    }

    VmInfo vmInfo() {
        return new VmInfo(name, uuid(), vmState());
    }
}
