package org.jfenced.daemon;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the C heap's free pages back to the system once start-up is done. glibc returns freed memory
 * only from the top of a heap; what was freed below a block still in use stays resident. Start-up frees
 * much of that kind: the JVM's class loading, and libvirt opening its connection (its test driver parses
 * every domain's XML inside the daemon: some 10 MB at 5,000 domains). {@code malloc_trim(0)} walks the
 * heaps and releases every free page, in a few milliseconds, before the daemon serves. A C library
 * without {@code malloc_trim} (not glibc) is left alone.
 */
final class StartupMemoryRelease {

    private static final Logger LOG = LoggerFactory.getLogger(StartupMemoryRelease.class);

    private StartupMemoryRelease() {
    }

    /** Returns whether the C library released anything. */
    static boolean run() {
        try {
            return Glibc.malloc_trim(new NativeLong(0)) == 1;
        } catch (LinkageError e) {
            LOG.debug("the C library has no malloc_trim, start-up memory stays with it: {}", e.toString());
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
