package org.jfenced.backend.cpg;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jfenced.backend.cpg.state.OpenRequest;
import org.jfenced.backend.libvirt.DomainLocator;
import org.jfenced.backend.libvirt.LibvirtBackend;
import org.jfenced.backend.libvirt.LocatedDomain;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;

/**
 * Carries out on this host's libvirt a request the group gave to this member. It looks the VM up again
 * first — the map may be behind libvirt — and then lets the libvirt backend do the work, with its
 * semantics and its deadline.
 */
final class LocalActor {

    /** What the attempt came to. */
    sealed interface Outcome {
        record Done(FenceResult result) implements Outcome {
        }

        /** libvirt, with every URI answering, does not know the VM: the group must decide again without us. */
        record NotHere() implements Outcome {
        }
    }

    private final LibvirtBackend libvirt;

    LocalActor(LibvirtBackend libvirt) {
        this.libvirt = libvirt;
    }

    CompletionStage<Outcome> carryOut(OpenRequest request) {
        String target = request.target();
        return libvirt.pool().submit(() -> {
            try (LocatedDomain located = DomainLocator.locate(libvirt.pool(), target)) {
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
                    FenceRequest local = new FenceRequest(request.action(), target,
                            "cpg " + request.key().requester(), request.key().id(), "cpg");
                    return libvirt.fence(local).thenApply(r -> (Outcome) new Outcome.Done(r));
            }
        }).exceptionally(e -> new Outcome.Done(FenceResult.FAIL));
    }
}
