package org.jfenced.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

    private final AtomicInteger quietSpells = new AtomicInteger();
    private final Deadlines deadlines = new Deadlines(Duration.ofMillis(100), quietSpells::incrementAndGet);

    @Test
    void aStageThatCompletesInTimeKeepsItsValue() {
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<String> bounded = deadlines.within(stage, Duration.ofSeconds(30));
        stage.complete("answer");
        assertEquals("answer", bounded.join());
    }

    @Test
    void aStageThatNeverCompletesFailsWithATimeoutAtItsDeadline() {
        CompletableFuture<String> bounded = deadlines.within(new CompletableFuture<>(), Duration.ofMillis(50));
        ExecutionException e = assertThrows(ExecutionException.class, bounded::get);
        assertInstanceOf(java.util.concurrent.TimeoutException.class, e.getCause());
    }

    @Test
    void noTimerThreadIsLeftOnceNoCallIsInProgressAndItsEndIsTheEndOfABusySpell() throws Exception {
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<String> bounded = deadlines.within(stage, Duration.ofSeconds(30));
        assertEquals(1, deadlines.threads());
        assertEquals(0, quietSpells.get(), "busy");
        stage.complete("answer");
        bounded.join();
        // a 30-second deadline was pending; only its cancellation lets the thread end after 100 ms idle
        long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (deadlines.threads() > 0 && System.nanoTime() < giveUp) {
            Thread.sleep(20);
        }
        assertEquals(0, deadlines.threads());
        assertEquals(1, quietSpells.get(), "told once, as the thread ended");
    }
}
