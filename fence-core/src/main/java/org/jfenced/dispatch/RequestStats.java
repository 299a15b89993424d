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
 * Counters per origin (listener): requests served, requests dropped by reason, and how long the answered
 * ones took per action and result. The replies by result are the histograms' counts, so the two never
 * disagree.
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
     * @param latency per action and result that was answered at least once
     */
    public record Snapshot(long requests, long hostLists, Map<DropReason, Long> dropped,
            Map<FenceAction, Map<FenceResult, LatencyHistogram.Snapshot>> latency) {

        /** The counters of an origin that has seen nothing yet. */
        public static Snapshot none() {
            return new Snapshot(0, 0, Map.of(), Map.of());
        }

        public long dropped(DropReason reason) {
            return dropped.getOrDefault(reason, 0L);
        }

        /** Replies with {@code result}, whatever the action. */
        public long replies(FenceResult result) {
            return latency.values().stream().mapToLong(byResult -> {
                LatencyHistogram.Snapshot h = byResult.get(result);
                return h == null ? 0 : h.count();
            }).sum();
        }

        /** Replies to {@code action}, whatever the result. */
        public long replies(FenceAction action) {
            return latency.getOrDefault(action, Map.of()).values().stream().mapToLong(LatencyHistogram.Snapshot::count)
                    .sum();
        }
    }

    static final class Counters {
        final LongAdder requests = new LongAdder();
        final LongAdder hostLists = new LongAdder();
        private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
        private final Map<FenceAction, Map<FenceResult, LatencyHistogram>> latency = new EnumMap<>(FenceAction.class);

        Counters() {
            for (FenceAction a : FenceAction.values()) {
                Map<FenceResult, LatencyHistogram> byResult = new EnumMap<>(FenceResult.class);
                for (FenceResult r : FenceResult.values()) {
                    byResult.put(r, new LatencyHistogram());
                }
                latency.put(a, byResult);
            }
            for (DropReason r : DropReason.values()) {
                dropped.put(r, new LongAdder());
            }
        }

        void replied(FenceAction action, FenceResult result, Duration took) {
            latency.get(action).get(result).record(took);
        }

        void dropped(DropReason reason) {
            dropped.get(reason).increment();
        }

        Snapshot snapshot() {
            Map<DropReason, Long> d = new EnumMap<>(DropReason.class);
            dropped.forEach((k, v) -> d.put(k, v.sum()));
            Map<FenceAction, Map<FenceResult, LatencyHistogram.Snapshot>> l = new EnumMap<>(FenceAction.class);
            latency.forEach((action, byResult) -> byResult.forEach((result, histogram) -> {
                LatencyHistogram.Snapshot h = histogram.snapshot();
                if (h.count() > 0) {
                    l.computeIfAbsent(action, a -> new EnumMap<>(FenceResult.class)).put(result, h);
                }
            }));
            return new Snapshot(requests.sum(), hostLists.sum(), d, l);
        }
    }
}
