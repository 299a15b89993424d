package org.jfenced.dispatch;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.RequestDispatcher.DropReason;

/**
 * Counters per origin (listener): requests served, replies by result, requests dropped by reason, and
 * how long requests took per action.
 */
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

    /**
     * The counters of one origin at one moment.
     *
     * @param latency per action that was answered at least once
     */
    public record Snapshot(long requests, long hostLists, Map<FenceResult, Long> replies,
            Map<DropReason, Long> dropped, Map<FenceAction, LatencyHistogram.Snapshot> latency) {

        /** The counters of an origin that has seen nothing yet. */
        public static Snapshot none() {
            return new Snapshot(0, 0, Map.of(), Map.of(), Map.of());
        }

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
        private final Map<FenceAction, LatencyHistogram> latency = new EnumMap<>(FenceAction.class);

        Counters() {
            for (FenceAction a : FenceAction.values()) {
                latency.put(a, new LatencyHistogram());
            }
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

        void took(FenceAction action, Duration duration) {
            latency.get(action).record(duration);
        }

        Snapshot snapshot() {
            Map<FenceResult, Long> r = new EnumMap<>(FenceResult.class);
            replies.forEach((k, v) -> r.put(k, v.sum()));
            Map<DropReason, Long> d = new EnumMap<>(DropReason.class);
            dropped.forEach((k, v) -> d.put(k, v.sum()));
            Map<FenceAction, LatencyHistogram.Snapshot> l = new EnumMap<>(FenceAction.class);
            latency.forEach((k, v) -> {
                LatencyHistogram.Snapshot h = v.snapshot();
                if (h.count() > 0) {
                    l.put(k, h);
                }
            });
            return new Snapshot(requests.sum(), hostLists.sum(), r, d, l);
        }
    }
}
