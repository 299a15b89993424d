package org.jfenced.dispatch;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
 */
public final class DuplicateHistory {

    /** The right to serve one request. */
    public interface Claim {
        /** The answer is ready: remember the request for the window, whatever the result. */
        void answered();
    }

    /** fence_virtd's window. */
    public static final Duration WINDOW = Duration.ofSeconds(10);

    private final long windowNanos;
    private final LongSupplier clock;
    /** In answer order, which is time order, so purging stops at the first entry still in the window. */
    private final Map<Key, Long> answeredAt = new LinkedHashMap<>();
    private final Map<Key, Boolean> inFlight = new HashMap<>();

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
        return inFlight.containsKey(key) || answeredAt.containsKey(key);
    }

    public synchronized Optional<Claim> claim(FenceRequest request) {
        Key key = Key.of(request);
        purge();
        if (inFlight.containsKey(key) || answeredAt.containsKey(key)) {
            return Optional.empty();
        }
        inFlight.put(key, Boolean.TRUE);
        return Optional.of(new HistoryClaim(key));
    }

    /** Number of remembered and in-flight requests, for the admin view. */
    public synchronized int size() {
        purge();
        return answeredAt.size() + inFlight.size();
    }

    /**
     * Drops what is past the window now. Requests do that as they come; this is for when none come: a
     * burst's history would otherwise stay until the next request.
     */
    synchronized void forgetExpired() {
        purge();
    }

    private void purge() {
        long now = clock.getAsLong();
        for (Iterator<Long> it = answeredAt.values().iterator(); it.hasNext();) {
            if (now - it.next() < windowNanos) {
                return;
            }
            it.remove();
        }
    }

    private synchronized void finish(Key key) {
        if (inFlight.remove(key) != null) {
            answeredAt.put(key, clock.getAsLong());
        }
    }

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
}
