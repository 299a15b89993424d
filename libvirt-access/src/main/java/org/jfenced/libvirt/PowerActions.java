package org.jfenced.libvirt;

import java.util.Optional;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmState;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fence_virtd's status, off and on verbs on a domain already found, each one short burst of libvirt
 * calls on the pool's thread that found it.
 */
final class PowerActions {

    private static final Logger LOG = LoggerFactory.getLogger(PowerActions.class);

    private PowerActions() {
    }

    /**
     * ON (SUCCESS) for any state but shut off, as fence_virtd; a state that cannot be read is FAIL, where
     * fence_virtd said ON.
     */
    static FenceResult status(String target, LocatedDomain located) {
        try {
            return DomainStates.stateOf(located.domain()) == VmState.SHUTOFF ? FenceResult.OFF : FenceResult.SUCCESS;
        } catch (LibvirtException e) {
            LOG.warn("status \"{}\": cannot read its state on {}: {}", target, located.lease().uri(), e.getMessage());
            return FenceResult.FAIL;
        }
    }

    /** Hard power-off ({@code destroy}); a domain already shut off needs nothing. Does not wait. */
    static FenceResult off(String target, LocatedDomain located) {
        Domain domain = located.domain();
        // as fence_virtd: only a readable SHUTOFF skips the destroy; an unreadable state still tries it
        if (DomainStates.stateIfReadable(domain).equals(Optional.of(VmState.SHUTOFF))) {
            LOG.info("off \"{}\": already shut off on {}", target, located.lease().uri());
            return FenceResult.SUCCESS;
        }
        try {
            domain.destroy();
            LOG.info("off \"{}\": destroyed on {}", target, located.lease().uri());
            return FenceResult.SUCCESS;
        } catch (LibvirtException e) {
            if (DomainStates.isOffNow(domain)) {
                LOG.info("off \"{}\": went off meanwhile on {}", target, located.lease().uri());
                return FenceResult.SUCCESS;
            }
            LOG.warn("off \"{}\": destroy failed on {}: {}", target, located.lease().uri(), e.getMessage());
            return FenceResult.FAIL;
        }
    }

    /** Power-on ({@code create}); any state but shut off counts as on already, paused and crashed included. */
    static FenceResult on(String target, LocatedDomain located) {
        Domain domain = located.domain();
        Optional<VmState> state = DomainStates.stateIfReadable(domain);
        if (state.isPresent() && state.get() != VmState.SHUTOFF) {
            LOG.info("on \"{}\": already {} on {}", target, state.get(), located.lease().uri());
            return FenceResult.SUCCESS;
        }
        try {
            domain.create();
            LOG.info("on \"{}\": started on {}", target, located.lease().uri());
            return FenceResult.SUCCESS;
        } catch (LibvirtException e) {
            if (DomainStates.stateIfReadable(domain).filter(VmState::isOn).isPresent()) {
                LOG.info("on \"{}\": came up meanwhile on {}", target, located.lease().uri());
                return FenceResult.SUCCESS;
            }
            LOG.warn("on \"{}\": create failed on {}: {}", target, located.lease().uri(), e.getMessage());
            return FenceResult.FAIL;
        }
    }
}
