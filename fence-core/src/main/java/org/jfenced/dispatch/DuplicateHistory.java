package org.jfenced.dispatch;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jfenced.spi.FenceRequest;

/**
 * fence_virtd's request history: a request is identified by (action, seqno, target compared
 * case-insensitively) and is dropped if the same one was answered within the window. Unlike the
 * single-threaded C daemon, requests here are served concurrently, so a request being served also
 * blocks its copies until it is answered (then remembered).
 *
 * <p>The answered requests are ten seconds of traffic: some 50,000 in a burst. They are kept in arrays —
 * a ring in answer order, which is time order, so purging stops at the first entry still in the window,
 * and an open-addressing index into it — rather than as map entries: five objects per request (entry, key,
 * boxed time, target and its bytes), each copied by every young collection while it lives and then
 * promoted, made the collector's pauses and the heap grow with the request rate (BENCHMARKS.md).
 */
public final class DuplicateHistory {

    /** The right to serve one request. */
    public interface Claim {
        /** The answer is ready: remember the request for the window, whatever the result. */
        void answered();
    }

    /** fence_virtd's window. */
    public static final Duration WINDOW = Duration.ofSeconds(10);
    /** The ring's smallest size, and its index's (twice as many slots): a quiet daemon's history. */
    static final int MIN_CAPACITY = 64;

    private final long windowNanos;
    private final LongSupplier clock;
    private final Map<Key, Boolean> inFlight = new HashMap<>();
    private final Answered answered = new Answered(MIN_CAPACITY);

    public DuplicateHistory() {
        this(WINDOW, System::nanoTime);
    }

    DuplicateHistory(Duration window, LongSupplier clock) {
        this.windowNanos = window.toNanos();
        this.clock = clock;
    }

    public synchronized boolean isDuplicate(FenceRequest request) {
        Key key = Key.of(request);
        purge();
        return inFlight.containsKey(key) || answered.contains(key);
    }

    public synchronized Optional<Claim> claim(FenceRequest request) {
        Key key = Key.of(request);
        purge();
        if (inFlight.containsKey(key) || answered.contains(key)) {
            return Optional.empty();
        }
        inFlight.put(key, Boolean.TRUE);
        return Optional.of(new HistoryClaim(key));
    }

    /** Number of remembered and in-flight requests, for the admin view. */
    public synchronized int size() {
        purge();
        return answered.size() + inFlight.size();
    }

    /**
     * Drops what is past the window now, and the room a burst needed. Requests do the first as they
     * come; this is for when none come: a burst's history would otherwise stay until the next request.
     */
    synchronized void forgetExpired() {
        purge();
        answered.fitToSize();
    }

    /** The answered requests' arrays, for tests of their size. */
    Answered answeredForTest() {
        return answered;
    }

    private void purge() {
        long now = clock.getAsLong();
        while (answered.size() > 0 && now - answered.oldestTime() >= windowNanos) {
            answered.removeOldest();
        }
    }

    private synchronized void finish(Key key) {
        if (inFlight.remove(key) != null) {
            answered.add(key, clock.getAsLong());
        }
    }

    /** A request being served; there are at most as many as connections served at once. */
    private record Key(int action, long seqno, String target) {
        static Key of(FenceRequest r) {
            return new Key(r.action().code(), r.seqno(), r.target().toLowerCase(Locale.ROOT));
        }
    }

    private final class HistoryClaim implements Claim {
        private final Key key;

        HistoryClaim(Key key) {
            this.key = key;
        }

        @Override
        public void answered() {
            finish(key);
        }
    }

    /**
     * The answered requests: a ring of (action, seqno, target, time) in answer order and an index of ring
     * positions by request, with linear probing. Its slots hold a position plus one; 0 is an empty slot.
     * Removing an entry shifts the entries after it in its probe run back, so that no lookup ever stops
     * short at a hole (no tombstones to clean up).
     */
    static final class Answered {
        private int[] actions;
        private long[] seqnos;
        private String[] targets;
        private long[] times;
        private int[] slots;
        private int head;
        private int count;

        Answered(int capacity) {
            allocate(capacity);
        }

        private void allocate(int capacity) {
            actions = new int[capacity];
            seqnos = new long[capacity];
            targets = new String[capacity];
            times = new long[capacity];
            slots = new int[capacity * 2];
            head = 0;
        }

        int size() {
            return count;
        }

        int capacity() {
            return actions.length;
        }

        long oldestTime() {
            return times[head];
        }

        boolean contains(Key key) {
            return slotOf(key.action(), key.seqno(), key.target()) >= 0;
        }

        void add(Key key, long time) {
            if (count == capacity()) {
                resize(capacity() * 2);
            }
            int position = (head + count) & (capacity() - 1);
            actions[position] = key.action();
            seqnos[position] = key.seqno();
            targets[position] = key.target();
            times[position] = time;
            count++;
            int mask = slots.length - 1;
            int i = home(key.action(), key.seqno(), key.target());
            while (slots[i] != 0) {
                i = (i + 1) & mask;
            }
            slots[i] = position + 1;
        }

        void removeOldest() {
            int slot = slotOf(actions[head], seqnos[head], targets[head]);
            vacate(slot);
            targets[head] = null;
            head = (head + 1) & (capacity() - 1);
            count--;
        }

        /** After a burst: back to room for twice what is left, so that the arrays a burst grew can go. */
        void fitToSize() {
            int fitting = MIN_CAPACITY;
            while (fitting < count * 2) {
                fitting *= 2;
            }
            if (fitting < capacity()) {
                resize(fitting);
            }
        }

        private void resize(int capacity) {
            int[] oldActions = actions;
            long[] oldSeqnos = seqnos;
            String[] oldTargets = targets;
            long[] oldTimes = times;
            int oldHead = head;
            int oldMask = oldActions.length - 1;
            int entries = count;
            allocate(capacity);
            count = 0;
            for (int n = 0; n < entries; n++) {
                int p = (oldHead + n) & oldMask;
                add(new Key(oldActions[p], oldSeqnos[p], oldTargets[p]), oldTimes[p]);
            }
        }

        /** The index slot of an entry, or -1. */
        private int slotOf(int action, long seqno, String target) {
            int mask = slots.length - 1;
            for (int i = home(action, seqno, target); slots[i] != 0; i = (i + 1) & mask) {
                int p = slots[i] - 1;
                if (actions[p] == action && seqnos[p] == seqno && targets[p].equals(target)) {
                    return i;
                }
            }
            return -1;
        }

        /** Empties slot {@code i}, moving back each later entry of the run whose home is not after the hole. */
        private void vacate(int i) {
            int mask = slots.length - 1;
            int hole = i;
            for (int j = (hole + 1) & mask; slots[j] != 0; j = (j + 1) & mask) {
                int p = slots[j] - 1;
                int k = home(actions[p], seqnos[p], targets[p]);
                // the entry may stay if its home lies cyclically within (hole, j]
                boolean stays = hole <= j ? hole < k && k <= j : hole < k || k <= j;
                if (!stays) {
                    slots[hole] = slots[j];
                    hole = j;
                }
            }
            slots[hole] = 0;
        }

        private int home(int action, long seqno, String target) {
            int h = 31 * (31 * action + Long.hashCode(seqno)) + target.hashCode();
            h *= 0x9E3779B9;
            return (h ^ (h >>> 16)) & (slots.length - 1);
        }
    }
}
