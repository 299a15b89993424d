package org.jfenced.backend.cpg;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import org.jfenced.backend.cpg.state.OpenRequest;
import org.jfenced.backend.libvirt.DomainLocator;
import org.jfenced.backend.libvirt.LibvirtBackend;
import org.jfenced.backend.libvirt.LocatedDomain;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceObserver;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmState;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out on this host's libvirt a request the group gave to this member. It looks the VM up again
 * first — the map may be behind libvirt — and then lets the libvirt backend do the work, with its
 * semantics and its deadline.
 *
 * <p>An off, on or reboot found here is announced to the daemon's fence observers just before libvirt
 * gets it: it may come from another host's daemon, which this one's dispatcher never saw, and work on
 * the VM here (a backup) must give way to it.
 */
final class LocalActor {

    private static final Logger LOG = LoggerFactory.getLogger(LocalActor.class);

    /** What the attempt came to. */
    sealed interface Outcome {
        record Done(FenceResult result) implements Outcome {
        }

        /** libvirt, with every URI answering, does not know the VM: the group must decide again without us. */
        record NotHere() implements Outcome {
        }
    }

    private final LibvirtBackend libvirt;
    private final FenceObserver announce;
    private final BooleanSupplier startsRefused;

    /**
     * @param announce {@link org.jfenced.spi.PluginContext#announcePowerAction}: told on a libvirt thread,
     *     returns at once
     * @param startsRefused whether this host may not start VMs now (it is cut off and self-fencing)
     */
    LocalActor(LibvirtBackend libvirt, FenceObserver announce, BooleanSupplier startsRefused) {
        this.libvirt = libvirt;
        this.announce = announce;
        this.startsRefused = startsRefused;
    }

    CompletionStage<Outcome> carryOut(OpenRequest request) {
        String target = request.target();
        if ((request.action() == FenceAction.ON || request.action() == FenceAction.REBOOT) && startsRefused.getAsBoolean()) {
            LOG.warn("{}: FAIL, this host is cut off from the quorate part of the cluster and starts no VM", request);
            return CompletableFuture.completedFuture(new Outcome.Done(FenceResult.FAIL));
        }
        if (request.action() == FenceAction.STATUS) {
            return libvirt.pool().submit(() -> status(target)).exceptionally(e -> new Outcome.Done(FenceResult.FAIL));
        }
        FenceRequest local = new FenceRequest(request.action(), target, "cpg " + request.key().requester(),
                request.key().id(), "cpg");
        return libvirt.pool().submit(() -> {
            try (LocatedDomain located = DomainLocator.locate(libvirt.pool(), target)) {
                if (located.outcome() == LocatedDomain.Outcome.FOUND) {
                    tellObservers(local);
                }
                return located.outcome();
            }
        }).thenCompose(found -> {
            switch (found) {
                case MISSING:
                    return CompletableFuture.completedFuture(new Outcome.NotHere());
                case UNREACHABLE:
                    // the VM is listed here but libvirt cannot be asked: failing beats calling it off
                    return CompletableFuture.completedFuture(new Outcome.Done(FenceResult.FAIL));
                default:
                    return libvirt.fence(local).thenApply(o -> (Outcome) new Outcome.Done(o.result()));
            }
        }).exceptionally(e -> new Outcome.Done(FenceResult.FAIL));
    }

    /** The fence goes ahead whatever an observer does. */
    private void tellObservers(FenceRequest request) {
        try {
            announce.beforePowerAction(request);
        } catch (RuntimeException e) {
            LOG.warn("{}: announcing it to the fence observers failed: {}", request, e.toString());
        }
    }

    /**
     * The libvirt backend's status (ON unless shut off; FAIL when the state cannot be read) in one call on
     * one libvirt thread: status is the request a cluster asks most, and each hand-over costs latency.
     */
    private Outcome status(String target) {
        try (LocatedDomain located = DomainLocator.locate(libvirt.pool(), target)) {
            switch (located.outcome()) {
                case MISSING:
                    return new Outcome.NotHere();
                case UNREACHABLE:
                    return new Outcome.Done(FenceResult.FAIL);
                default:
                    try {
                        boolean off = VmState.fromCode(located.domain().getInfo().state.ordinal()) == VmState.SHUTOFF;
                        return new Outcome.Done(off ? FenceResult.OFF : FenceResult.SUCCESS);
                    } catch (LibvirtException e) {
                        return new Outcome.Done(FenceResult.FAIL);
                    }
            }
        }
    }
}
