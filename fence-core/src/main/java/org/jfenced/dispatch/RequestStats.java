package org.jfenced.dispatch;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.RequestDispatcher.DropReason;

/** Counters per origin (listener): requests served, replies by result, requests dropped by reason. */
public final class RequestStats {

    private final Map<String, Counters> byOrigin = new ConcurrentHashMap<>();

    Counters of(String origin) {
        return byOrigin.computeIfAbsent(origin, o -> new Counters());
    }

    /** A consistent-enough copy for display, sorted by origin. */
    public Map<String, Snapshot> snapshot() {
        Map<String, Snapshot> out = new TreeMap<>();
        byOrigin.forEach((origin, c) -> out.put(origin, c.snapshot()));
        return out;
    }

    /** The counters of one origin at one moment. */
    public record Snapshot(long requests, long hostLists, Map<FenceResult, Long> replies,
            Map<DropReason, Long> dropped) {
        public long dropped(DropReason reason) {
            return dropped.getOrDefault(reason, 0L);
        }

        public long replies(FenceResult result) {
            return replies.getOrDefault(result, 0L);
        }
    }

    static final class Counters {
        final LongAdder requests = new LongAdder();
        final LongAdder hostLists = new LongAdder();
        private final Map<FenceResult, LongAdder> replies = new EnumMap<>(FenceResult.class);
        private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

        Counters() {
            for (FenceResult r : FenceResult.values()) {
                replies.put(r, new LongAdder());
            }
            for (DropReason r : DropReason.values()) {
                dropped.put(r, new LongAdder());
            }
        }

        void replied(FenceResult result) {
            replies.get(result).increment();
        }

        void dropped(DropReason reason) {
            dropped.get(reason).increment();
        }

        Snapshot snapshot() {
            Map<FenceResult, Long> r = new EnumMap<>(FenceResult.class);
            replies.forEach((k, v) -> r.put(k, v.sum()));
            Map<DropReason, Long> d = new EnumMap<>(DropReason.class);
            dropped.forEach((k, v) -> d.put(k, v.sum()));
            return new Snapshot(requests.sum(), hostLists.sum(), r, d);
        }
    }
}
