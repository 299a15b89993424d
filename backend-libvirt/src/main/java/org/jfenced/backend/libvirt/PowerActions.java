package org.jfenced.backend.libvirt;

import java.util.Optional;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmState;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fence_virtd's status, off and on verbs, each one short burst of libvirt calls; run them through
 * {@link LibvirtConnectionPool#submit}.
 */
final class PowerActions {

    private static final Logger LOG = LoggerFactory.getLogger(PowerActions.class);

    private final LibvirtConnectionPool pool;

    PowerActions(LibvirtConnectionPool pool) {
        this.pool = pool;
    }

    /**
     * ON (SUCCESS) for any state but shut off, as fence_virtd. An unknown VM is OFF, as fence_virtd
     * answers and Pacemaker expects; a state that cannot be read is FAIL, where fence_virtd said ON.
     */
    FenceResult status(String target) {
        try (LocatedDomain located = DomainLocator.locate(pool, target)) {
            switch (located.outcome()) {
                case MISSING:
                    LOG.info("status \"{}\": no such domain on any URI; answering OFF, as fence_virtd does", target);
                    return FenceResult.OFF;
                case UNREACHABLE:
                    LOG.warn("status \"{}\": not found on the reachable URIs ({}); answering FAIL", target, located.problem());
                    return FenceResult.FAIL;
                default:
                    break;
            }
            try {
                return DomainStates.stateOf(located.domain()) == VmState.SHUTOFF ? FenceResult.OFF : FenceResult.SUCCESS;
            } catch (LibvirtException e) {
                LOG.warn("status \"{}\": cannot read its state on {}: {}", target, located.lease().uri(), e.getMessage());
                return FenceResult.FAIL;
            }
        }
    }

    /** Hard power-off ({@code destroy}); a domain already shut off needs nothing. Does not wait. */
    FenceResult off(String target) {
        try (LocatedDomain located = DomainLocator.locate(pool, target)) {
            if (!isFound(located, "off", target)) {
                return FenceResult.FAIL;
            }
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
    }

    /** Power-on ({@code create}); any state but shut off counts as on already, paused and crashed included. */
    FenceResult on(String target) {
        try (LocatedDomain located = DomainLocator.locate(pool, target)) {
            if (!isFound(located, "on", target)) {
                return FenceResult.FAIL;
            }
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

    static boolean isFound(LocatedDomain located, String verb, String target) {
        switch (located.outcome()) {
            case MISSING:
                LOG.warn("{} \"{}\": no such domain on any URI", verb, target);
                return false;
            case UNREACHABLE:
                LOG.warn("{} \"{}\": not found on the reachable URIs ({})", verb, target, located.problem());
                return false;
            default:
                return true;
        }
    }
}
