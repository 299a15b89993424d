package org.jfenced.bench;

import java.io.IOException;
import java.nio.channels.Channel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Enforces the per-request time limit by closing the channel of a request that overran it. Blocking
 * channels without socket timeouts make one system call per read; Java's socket timeouts would add a
 * poll to each, and at tens of thousands of requests per second the generator's CPU time is what
 * competes with the daemon under test.
 */
final class Watchdog {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** One thread's watched request, reused for every request that thread makes. */
    static final class Slot {
        private volatile Channel channel;
        private volatile long deadline;
        private volatile boolean expired;

        void watch(Channel c, long timeoutNanos) {
            expired = false;
            deadline = System.nanoTime() + timeoutNanos;
            channel = c;
        }

        void release() {
            channel = null;
        }

        /** Whether the watchdog closed the last watched channel. */
        boolean expired() {
            return expired;
        }

        private void checkAt(long now) {
            Channel c = channel;
            if (c != null && now - deadline > 0) {
                expired = true;
                try {
                    c.close();
                } catch (IOException e) {
                    // the blocked request fails either way, with the expiry reported as a timeout
                }
            }
        }
    }

    private final List<Slot> slots = new CopyOnWriteArrayList<>();

    Watchdog() {
        Thread t = new Thread(this::loop, "request-watchdog");
        t.setDaemon(true);
        t.start();
    }

    Slot newSlot() {
        Slot s = new Slot();
        slots.add(s);
        return s;
    }

    private void loop() {
        while (true) {
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            for (Slot s : slots) {
                s.checkAt(now);
            }
        }
    }
}
