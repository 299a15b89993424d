package org.jfenced.memory;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives memory the daemon no longer uses back to the system: once start-up is done, and once a busy
 * spell is over.
 *
 * <p>glibc returns freed memory only from the top of a heap; what was freed below a block still in use
 * stays resident. Start-up frees much of that kind: the JVM's class loading, and libvirt opening its
 * connection (its test driver parses every domain's XML inside the daemon: some 10 MB at 5,000 domains).
 * {@code malloc_trim(0)} walks the heaps and releases every free page, in a few milliseconds. A C library
 * without {@code malloc_trim} (not glibc) is left alone.
 *
 * <p>A burst of requests grows the Java heap too: the duplicate history holds ten seconds of requests,
 * which the collector promotes, and the heap stays that size when the burst is over. After a busy spell
 * (the request-deadline timer's thread ending, 30 s after the last answer) one full collection lets the
 * heap shrink back ({@code -XX:MaxHeapFreeRatio} in bin/jfenced sets how far), only when it grew: the
 * monitor request now and then that a quiet daemon sees costs no collection.
 */
public final class MemoryRelease {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryRelease.class);
    /** Growth of the committed heap below this is left alone: not worth a full collection. */
    static final long HEAP_GROWTH = 4L << 20;
    private static volatile long heapAtStart = Long.MAX_VALUE;

    private MemoryRelease() {
    }

    /** Before the daemon serves: returns the C heap's free pages and notes the heap's size to come back to. */
    public static void startUp() {
        trimCHeap();
        heapAtStart = Runtime.getRuntime().totalMemory();
    }

    /** Once a busy spell is over: a full collection if the heap grew since start-up, then the C heap's free pages. */
    public static void afterBusySpell() {
        long before = Runtime.getRuntime().totalMemory();
        if (heapGrew(before, heapAtStart)) {
            System.gc();
            LOG.debug("after a busy spell: heap {} -> {} kB", before >> 10, Runtime.getRuntime().totalMemory() >> 10);
        }
        trimCHeap();
    }

    /** Whether a heap committed at {@code now} grew enough since {@code atStart} to collect it. */
    static boolean heapGrew(long now, long atStart) {
        return now - atStart >= HEAP_GROWTH;
    }

    /** Returns whether the C library released anything. */
    static boolean trimCHeap() {
        try {
            return Glibc.malloc_trim(new NativeLong(0)) == 1;
        } catch (LinkageError e) {
            LOG.debug("the C library has no malloc_trim, freed memory stays with it: {}", e.toString());
            return false;
        }
    }

    private static final class Glibc {
        static {
            Native.register(Glibc.class, "c");
        }

        private Glibc() {
        }

        static native int malloc_trim(NativeLong pad);
    }
}
