package org.jfenced.backend.cpg;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jfenced.backend.cpg.state.SelfFencePromise;

/**
 * Measures, on this member's clock, the self-fence deadlines the group waits for: from the moment this
 * member first learned that a host left (the membership change, or a snapshot after a join), the host's
 * own self-fence timeout plus the split skew. The host noticed the split at most the skew later than this
 * member did, and destroyed its VMs within its timeout after that.
 *
 * <p>The deadlines are not replicated: each member measures its own, and only the highest member of a
 * quorate partition tells the group one has passed — once per node and view, again after a join made its
 * notice stale. A member that learned of the departure late measures a later deadline: waiting longer is
 * never wrong. Guarded by the backend's lock.
 */
final class SelfFenceDeadlines {

    private final Duration skew;
    /** When this member learned of each awaited node, on {@link System#nanoTime()}'s clock. */
    private final Map<Integer, Long> since = new HashMap<>();
    private final Map<Integer, Duration> timeouts = new HashMap<>();
    private final Set<Notice> announced = new HashSet<>();

    private record Notice(int node, long view) {
    }

    SelfFenceDeadlines(Duration skew) {
        this.skew = skew;
    }

    /**
     * Brings the watch up to date with what the group awaits now, and returns the nodes this member is to
     * tell the group about: those whose deadline has passed, when {@code speaker} (this member is the
     * highest of a quorate partition), each once per {@code view}.
     */
    List<Integer> due(Map<Integer, SelfFencePromise> awaited, long view, boolean speaker, long nowNanos) {
        since.keySet().retainAll(awaited.keySet());
        timeouts.keySet().retainAll(awaited.keySet());
        announced.removeIf(n -> !awaited.containsKey(n.node()));
        awaited.forEach((node, promise) -> {
            since.putIfAbsent(node, nowNanos);
            timeouts.put(node, promise.timeout());
        });
        List<Integer> due = new ArrayList<>();
        if (!speaker) {
            return due;
        }
        for (int node : awaited.keySet()) {
            if (nowNanos - deadline(node) >= 0 && announced.add(new Notice(node, view))) {
                due.add(node);
            }
        }
        return due;
    }

    /** The next deadline still ahead, to look again then. */
    Optional<Long> next(long nowNanos) {
        return since.keySet().stream().map(this::deadline).filter(d -> d - nowNanos > 0)
                .min((a, b) -> Long.compare(a - nowNanos, b - nowNanos));
    }

    /** Each awaited node's deadline, in nanoseconds from now (negative once passed); for the admin view. */
    Map<Integer, Long> remaining(long nowNanos) {
        Map<Integer, Long> left = new HashMap<>();
        since.keySet().forEach(node -> left.put(node, deadline(node) - nowNanos));
        return left;
    }

    private long deadline(int node) {
        return since.get(node) + timeouts.get(node).toNanos() + skew.toNanos();
    }
}
