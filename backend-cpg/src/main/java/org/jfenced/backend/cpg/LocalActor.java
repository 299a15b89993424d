package org.jfenced.backend.cpg;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import org.jfenced.backend.cpg.state.OpenRequest;
import org.jfenced.libvirt.LibvirtHost;
import org.jfenced.libvirt.LocalAttempt;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceObserver;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out on this host's libvirt a request the group gave to this member, with the libvirt backend's
 * semantics and deadline. libvirt looks the VM up again — the map may be behind it — and says when it is
 * not here after all, so the group decides again without this member.
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

    private final LibvirtHost libvirt;
    private final FenceObserver announce;
    private final BooleanSupplier startsRefused;

    /**
     * @param announce {@link org.jfenced.spi.PluginContext#announcePowerAction}: told on a libvirt thread,
     *     returns at once
     * @param startsRefused whether this host may not start VMs now (it is cut off and self-fencing)
     */
    LocalActor(LibvirtHost libvirt, FenceObserver announce, BooleanSupplier startsRefused) {
        this.libvirt = libvirt;
        this.announce = announce;
        this.startsRefused = startsRefused;
    }

    CompletionStage<Outcome> carryOut(OpenRequest request) {
        if ((request.action() == FenceAction.ON || request.action() == FenceAction.REBOOT) && startsRefused.getAsBoolean()) {
            LOG.warn("{}: FAIL, this host is cut off from the quorate part of the cluster and starts no VM", request);
            return CompletableFuture.completedFuture(new Outcome.Done(FenceResult.FAIL));
        }
        FenceRequest local = new FenceRequest(request.action(), request.target(), "cpg " + request.key().requester(),
                request.key().id(), "cpg");
        return libvirt.attempt(local, announce).thenApply(LocalActor::outcome)
                .exceptionally(e -> new Outcome.Done(FenceResult.FAIL));
    }

    private static Outcome outcome(LocalAttempt attempt) {
        if (attempt instanceof LocalAttempt.Answered answered) {
            return new Outcome.Done(answered.result());
        }
        if (attempt instanceof LocalAttempt.NotHere) {
            return new Outcome.NotHere();
        }
        // the VM is listed here but libvirt cannot be asked: failing beats calling it off
        return new Outcome.Done(FenceResult.FAIL);
    }
}
