package org.jfenced.nativelib.quorum;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The native callbacks in static final fields (never collected), routed by handle to their connection. */
final class QuorumCallbacks {
    private static final Map<Long, QuorumEvents> EVENTS = new ConcurrentHashMap<>();

    static final VotequorumCallbacks.QuorumNotifyFn QUORUM = (handle, context, quorate, nodeCount, nodes) -> {
        QuorumEvents events = EVENTS.get(handle);
        if (events == null) {
            return;
        }
        try {
            events.quorumChanged(quorate != 0, nodeCount == 0 ? new int[0] : nodes.getIntArray(0, nodeCount * 2));
        } catch (RuntimeException | Error e) {
            events.callbackFailed(e);
        }
    };

    static final VotequorumCallbacks.ExpectedVotesNotifyFn EXPECTED_VOTES = (handle, context, expectedVotes) -> {
        QuorumEvents events = EVENTS.get(handle);
        if (events != null) {
            events.expectedVotesChanged(expectedVotes);
        }
    };

    private QuorumCallbacks() {
    }

    static VotequorumCallbacks callbacks() {
        VotequorumCallbacks callbacks = new VotequorumCallbacks();
        callbacks.votequorum_quorum_notify_fn = QUORUM;
        callbacks.votequorum_expectedvotes_notify_fn = EXPECTED_VOTES;
        return callbacks;
    }

    static void register(long handle, QuorumEvents events) {
        EVENTS.put(handle, events);
    }

    static void unregister(long handle) {
        EVENTS.remove(handle);
    }
}
