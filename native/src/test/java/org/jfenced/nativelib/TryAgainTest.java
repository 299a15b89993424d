package org.jfenced.nativelib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TryAgainTest {
    private static final int OK = CsError.CS_OK.code();
    private static final int TRY_AGAIN = CsError.CS_ERR_TRY_AGAIN.code();

    private final TryAgain retry = new TryAgain(Duration.ofMillis(1), Duration.ofMillis(8), Duration.ofMillis(300));

    @Test
    void retriesWhileCorosyncIsBusyAndReturnsWhenItAccepts() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        retry.run("cpg_mcast_joined", () -> calls.incrementAndGet() < 4 ? TRY_AGAIN : OK);
        assertEquals(4, calls.get());
    }

    @Test
    void pausesGrowExponentiallyUpToTheMaximum() throws Exception {
        List<Long> pauses = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        retry.run("cpg_join", () -> calls.incrementAndGet() < 7 ? TRY_AGAIN : OK, pauses::add);
        assertEquals(List.of(1_000_000L, 2_000_000L, 4_000_000L, 8_000_000L, 8_000_000L, 8_000_000L), pauses);
    }

    @Test
    void givesUpAtTheDeadlineWithTryAgain() {
        long start = System.nanoTime();
        CorosyncException e = assertThrows(CorosyncException.class, () -> retry.run("cpg_mcast_joined", () -> TRY_AGAIN));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(CsError.CS_ERR_TRY_AGAIN, e.error());
        assertTrue(e.getMessage().startsWith("cpg_mcast_joined: CS_ERR_TRY_AGAIN (6): still busy after"), e.getMessage());
        assertTrue(tookMs >= 300 && tookMs < 2000, "gave up after " + tookMs + " ms");
    }

    @Test
    void anyOtherErrorIsThrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        CorosyncException e = assertThrows(CorosyncException.class,
                () -> retry.run("cpg_join", () -> calls.incrementAndGet() == 1 ? CsError.CS_ERR_EXIST.code() : OK));
        assertEquals(CsError.CS_ERR_EXIST, e.error());
        assertEquals(1, calls.get());
    }

    @Test
    void anInterruptedWaitEndsTheRetries() {
        Thread.currentThread().interrupt();
        try {
            CorosyncException e = assertThrows(CorosyncException.class, () -> retry.run("cpg_join", () -> TRY_AGAIN));
            assertEquals(CsError.CS_ERR_INTERRUPT, e.error());
        } finally {
            Thread.interrupted();
        }
    }
}
