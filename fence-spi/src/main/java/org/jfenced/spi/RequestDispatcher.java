package org.jfenced.spi;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The daemon's request path, as a listener uses it: a listener hands each authenticated request to
 * {@link #serve} once and writes the answer it gets back. The dispatcher keeps the duplicate history
 * (a request answered in the last 10 seconds, or being served right now, is answered
 * {@link Answer.Duplicate}: drop it), applies the groups and bounds the backend's time.
 */
public interface RequestDispatcher {

    /**
     * Whether an identical request (action, seqno, target case-insensitively) was answered recently or
     * is being served: listeners check this before expensive work such as a connect-back.
     */
    boolean isDuplicate(FenceRequest request);

    /**
     * Serves {@code request}: the host list for {@link FenceAction#HOSTLIST}, a result for every other
     * action, or {@link Answer.Duplicate}. Never completes exceptionally; the request is remembered as
     * answered when the stage completes.
     */
    CompletionStage<Answer> serve(FenceRequest request);

    /** Counts a request a listener dropped before it reached the dispatcher. */
    void dropped(String listener, DropReason reason);

    /**
     * Records in the request history what an administrator decided outside the request path, as if it
     * were a request: backend cpg's {@code jfencectl confirm-down NODE} stands as an off of the node's VMs,
     * {@code detail} says what it was. It returns once the daemon's journal has the record (on disk for
     * off, on and reboot), so call it from a thread that may wait. Contexts without a history ignore it.
     */
    default void audit(FenceRequest request, FenceResult result, String detail) {
    }

    /** What the listener sends back. */
    sealed interface Answer {

        /** A copy of a request being served or just answered: send nothing and close. */
        record Duplicate() implements Answer {
        }

        /** The one-byte result of off, on, reboot, status, devstatus and null. */
        record Result(FenceResult result) implements Answer {
        }

        /** The VMs the requester may see; empty when the backend could not list them. */
        record HostList(List<VmInfo> vms) implements Answer {
            public HostList {
                vms = List.copyOf(vms);
            }
        }
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
