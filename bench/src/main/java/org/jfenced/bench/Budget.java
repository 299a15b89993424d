package org.jfenced.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** When the clients stop: after a fixed time or a fixed number of requests, shared by all clients. */
public interface Budget {

    /** Whether a client may send {@code requests} more requests. */
    boolean take(int requests);

    static Budget forDuration(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        return requests -> System.nanoTime() - deadline < 0;
    }

    static Budget forRequests(long total) {
        AtomicLong left = new AtomicLong(total);
        // a cycle that does not fit whole is not started, so the count is exact when the mix allows it
        return requests -> left.getAndUpdate(n -> n >= requests ? n - requests : n) >= requests;
    }
}
