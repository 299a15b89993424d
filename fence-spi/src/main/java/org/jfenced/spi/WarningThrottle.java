package org.jfenced.spi;

import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;

/**
 * A warning that a flood can make recur thousands of times a second: logged at most once per interval,
 * saying how many like it were held back since; the held-back ones go to the debug level. Writing every
 * one would cost more than the connection that caused it and bury everything else in the log.
 */
public final class WarningThrottle {

    private final long intervalNanos;
    private long last;
    private boolean logged;
    private long heldBack;

    public WarningThrottle(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    public synchronized void warn(Logger log, String format, Object... args) {
        long now = System.nanoTime();
        if (logged && now - last < intervalNanos) {
            heldBack++;
            if (log.isDebugEnabled()) {
                log.debug(format, args);
            }
            return;
        }
        if (heldBack > 0) {
            Object[] withCount = Arrays.copyOf(args, args.length + 2);
            withCount[args.length] = heldBack;
            withCount[args.length + 1] = Duration.ofNanos(now - last).toSeconds();
            log.warn(format + " ({} more like it in the last {} s, not logged)", withCount);
        } else {
            log.warn(format, args);
        }
        logged = true;
        last = now;
        heldBack = 0;
    }
}
