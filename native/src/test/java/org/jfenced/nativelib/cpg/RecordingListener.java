package org.jfenced.nativelib.cpg;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jfenced.nativelib.CorosyncException;

/** Records every event a group delivers, in order, with the time it arrived; tests wait for the ones they expect. */
final class RecordingListener implements CpgListener {
    sealed interface Event permits Message, Membership, Ring, Lost, Restarted {
        long nanos();
    }

    record Message(int nodeId, int pid, String text, long nanos) implements Event {
    }

    record Membership(List<CpgMember> members, List<CpgMemberChange> joined, List<CpgMemberChange> left, long nanos)
            implements Event {
        boolean hasLeft(int nodeId, CpgReason reason) {
            return left.stream().anyMatch(change -> change.nodeId() == nodeId && change.reason() == reason);
        }

        boolean hasJoined(int nodeId) {
            return joined.stream().anyMatch(change -> change.nodeId() == nodeId);
        }
    }

    record Ring(CpgRing ring, List<Integer> nodeIds, long nanos) implements Event {
    }

    record Lost(CorosyncException cause, long nanos) implements Event {
    }

    record Restarted(long nanos) implements Event {
    }

    private final List<Event> events = new ArrayList<>();

    @Override
    public void onMessage(int nodeId, int pid, byte[] message) {
        record(new Message(nodeId, pid, new String(message, StandardCharsets.UTF_8), System.nanoTime()));
    }

    @Override
    public void onMembership(List<CpgMember> members, List<CpgMemberChange> joined, List<CpgMemberChange> left) {
        record(new Membership(members, joined, left, System.nanoTime()));
    }

    @Override
    public void onRingChange(CpgRing ring, List<Integer> nodeIds) {
        record(new Ring(ring, nodeIds, System.nanoTime()));
    }

    @Override
    public void onCorosyncLost(CorosyncException cause) {
        record(new Lost(cause, System.nanoTime()));
    }

    @Override
    public void onMembershipRestarted() {
        record(new Restarted(System.nanoTime()));
    }

    private synchronized void record(Event event) {
        events.add(event);
        notifyAll();
    }

    /** How many events arrived so far: pass it to {@link #await} to wait only for later ones. */
    synchronized int mark() {
        return events.size();
    }

    /** The first event of {@code type} at or after {@code from} matching {@code match}; fails after {@code timeout}. */
    synchronized <T extends Event> T await(int from, Class<T> type, Predicate<T> match, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = from;
        while (true) {
            for (; next < events.size(); next++) {
                Event event = events.get(next);
                if (type.isInstance(event) && match.test(type.cast(event))) {
                    return type.cast(event);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + type.getSimpleName() + " as expected within " + timeout
                        + "; events since " + from + ": " + events.subList(Math.min(from, events.size()), events.size()));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    synchronized List<Message> messages() {
        List<Message> messages = new ArrayList<>();
        for (Event event : events) {
            if (event instanceof Message message) {
                messages.add(message);
            }
        }
        return messages;
    }

    synchronized <T extends Event> List<T> all(Class<T> type) {
        List<T> matching = new ArrayList<>();
        for (Event event : events) {
            if (type.isInstance(event)) {
                matching.add(type.cast(event));
            }
        }
        return matching;
    }
}
