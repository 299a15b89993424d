package org.jfenced.service.backup;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** bwlimit holds a copy to its rate, and an abort gets through while it waits. */
class ThrottleTest {

    @Test
    void holdsTheCopyToTheLimit() throws Exception {
        Throttle t = new Throttle(4L << 20);
        long start = System.nanoTime();
        for (int i = 0; i < 8; i++) {
            t.pass(256 << 10, AbortCheck.NEVER);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 450 && millis < 1500, "2 MiB at 4 MiB/s took " + millis + " ms");
    }

    @Test
    void anAbortEndsTheWait() {
        Throttle t = new Throttle(1024);
        long start = System.nanoTime();
        assertThrows(BackupAborted.class, () -> t.pass(1 << 20, () -> {
            throw new BackupAborted("stop");
        }));
        assertTrue(System.nanoTime() - start < 1_000_000_000L);
    }
}
