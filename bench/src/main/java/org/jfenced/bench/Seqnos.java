package org.jfenced.bench;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sequence numbers unique within a run. Both daemons drop a request whose (action, seqno, VM) they
 * answered in the last 10 seconds, so a reused number would be measured as a silent drop.
 */
public final class Seqnos {

    private static final long MASK = 0xffff_ffffL;
    private final AtomicLong next;

    /** Starts at a random point so that two runs against one daemon do not collide either. */
    public Seqnos() {
        this(ThreadLocalRandom.current().nextLong(MASK + 1));
    }

    Seqnos(long first) {
        next = new AtomicLong(first);
    }

    /** The next number; the wire field is 32 bits, so after 2^32 numbers they repeat. */
    public long next() {
        return next.getAndIncrement() & MASK;
    }
}
