package org.jfenced.libvirt;

import java.util.Optional;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.VmState;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/** Reading a domain's power state ({@code getInfo} is libvirt-java's only state getter). */
final class DomainStates {

    private DomainStates() {
    }

    /** The enum's ordinals are libvirt's {@code virDomainState} numbers. */
    static VmState stateOf(Domain domain) throws LibvirtException {
        return VmState.fromCode(domain.getInfo().state.ordinal());
    }

    /** The state, or empty when it cannot be read; for the checks fence_virtd makes only if getInfo works. */
    static Optional<VmState> stateIfReadable(Domain domain) {
        try {
            return Optional.of(stateOf(domain));
        } catch (LibvirtException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the domain is off now: shut off, or gone (a transient domain vanishes when destroyed).
     * Used after a destroy failed, to tell "someone else got there first" from a real failure.
     */
    static boolean isOffNow(Domain domain) {
        try {
            return stateOf(domain) == VmState.SHUTOFF;
        } catch (LibvirtException e) {
            return LibvirtErrors.isNoDomain(e);
        }
    }

    /** The state in {@code virsh domstate}'s words, or empty when it cannot be read; for the fence journal. */
    static String wordIfReadable(Domain domain) {
        return stateIfReadable(domain).map(VmState::word).orElse("");
    }

    /**
     * The state after an action, as {@link #wordIfReadable}, or {@link FenceOutcome#GONE} when the domain no longer
     * exists (a transient domain vanishes when destroyed).
     */
    static String wordAfterAction(Domain domain) {
        try {
            return stateOf(domain).word();
        } catch (LibvirtException e) {
            return LibvirtErrors.isNoDomain(e) ? FenceOutcome.GONE : "";
        }
    }
}
