package org.jfenced.spi;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The daemon's request path, as a listener uses it. For each authenticated request a listener calls
 * {@link #claim} first; a request that is a retransmission of one answered in the last 10 seconds, or
 * of one being served right now, gets no claim and is dropped. With the claim it calls
 * {@link #dispatch} or {@link #hostList}, writes the reply, and then {@link Claim#answered()} — or
 * {@link Claim#abandon()} when it could not talk to the client, so that a later copy gets its chance.
 */
public interface RequestDispatcher {

    /**
     * Whether an identical request (action, seqno, target case-insensitively) was answered recently or
     * is being served: listeners check this before expensive work such as a connect-back.
     */
    boolean isDuplicate(FenceRequest request);

    /** Takes the right to serve {@code request}; empty when it is a duplicate. */
    Optional<Claim> claim(FenceRequest request);

    /** Checks the groups ACL and carries out the request; never completes exceptionally. */
    CompletionStage<FenceResult> dispatch(FenceRequest request);

    /** The VMs the source of {@code request} may see, per the groups ACL; empty on backend failure. */
    CompletionStage<List<VmInfo>> hostList(FenceRequest request);

    /** Counts a request a listener dropped before it reached the dispatcher. */
    void dropped(String listener, DropReason reason);

    /**
     * Records in the request history what an administrator decided outside the request path, as if it
     * were a request: backend cpg's {@code jfencectl confirm-down NODE} stands as an off of the node's VMs,
     * {@code detail} says what it was. Contexts without a history ignore it.
     */
    default void audit(FenceRequest request, FenceResult result, String detail) {
    }

    /** The right to serve one request. */
    interface Claim {
        /** The reply was written: remember the request for 10 seconds, whatever the result. */
        void answered();

        /** The client could not be reached: forget the claim without remembering the request. */
        void abandon();
    }

    /** Why a listener dropped a request. */
    enum DropReason {
        BAD_SIZE,
        BAD_HASH,
        DUPLICATE,
        AUTH_FAILED,
        CALLBACK_FAILED,
        TIMEOUT,
        DISCONNECTED,
        TOO_MANY_CONNECTIONS
    }
}
