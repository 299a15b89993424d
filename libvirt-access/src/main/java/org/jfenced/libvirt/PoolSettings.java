package org.jfenced.libvirt;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link LibvirtConnectionPool} opens, watches and reopens its connections.
 *
 * @param openDeadline how long an open may take before the URI is reported down with a timeout; libvirt
 *     opens have no timeout of their own, so the open keeps running in its worker and is used if it
 *     ever succeeds
 * @param minBackoff the first delay before reopening a lost connection or retrying a failed open
 * @param maxBackoff the cap of that delay, which doubles after each failed attempt
 * @param keepAliveInterval seconds between keepalive probes on remote connections; 0 turns them off
 * @param keepAliveCount unanswered probes after which libvirt closes a remote connection, which also
 *     fails the calls stuck in it
 * @param callThreads threads that run libvirt calls
 */
public record PoolSettings(Duration openDeadline, Duration minBackoff, Duration maxBackoff,
                           int keepAliveInterval, int keepAliveCount, int callThreads) {

    public PoolSettings {
        Objects.requireNonNull(openDeadline, "openDeadline");
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (openDeadline.isNegative() || openDeadline.isZero()) {
            throw new IllegalArgumentException("openDeadline must be positive: " + openDeadline);
        }
        if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("need 0 < minBackoff <= maxBackoff: " + minBackoff + ", " + maxBackoff);
        }
        if (keepAliveInterval < 0 || keepAliveCount < 0) {
            throw new IllegalArgumentException("keepalive settings must not be negative");
        }
        if (callThreads < 1) {
            throw new IllegalArgumentException("callThreads must be at least 1: " + callThreads);
        }
    }

    /**
     * Keepalive 1 s × 1 closes a connection to a frozen libvirtd 2–3 s after it last said anything (libvirt
     * counts whole seconds), which fails the calls stuck in it; later calls fail at once until it answers
     * again. libvirtd answers the probes from its event loop, not its workers, so a slow operation such as
     * destroying a VM with stuck I/O never trips them. 4 call threads match the handful of concurrent
     * requests a fencing daemon sees.
     */
    public static PoolSettings defaults() {
        return new PoolSettings(Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(10), 1, 1, 4);
    }

    public PoolSettings withBackoff(Duration min, Duration max) {
        return new PoolSettings(openDeadline, min, max, keepAliveInterval, keepAliveCount, callThreads);
    }

    public PoolSettings withKeepAlive(int interval, int count) {
        return new PoolSettings(openDeadline, minBackoff, maxBackoff, interval, count, callThreads);
    }

    public PoolSettings withOpenDeadline(Duration deadline) {
        return new PoolSettings(deadline, minBackoff, maxBackoff, keepAliveInterval, keepAliveCount, callThreads);
    }
}
