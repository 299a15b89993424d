package org.jfenced.service.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EarlyWritebackTest {

    private final AtomicInteger syncs = new AtomicInteger();

    @Test
    void aSyncStartsEachTimeTheFileGrewByTheIntervalNotBefore() throws Exception {
        try (EarlyWriteback writeback = new EarlyWriteback(syncs::incrementAndGet, 100)) {
            for (long total = 10; total <= 350; total += 10) {
                writeback.written(total);
                writeback.finish();
            }
            assertEquals(3, syncs.get(), "at 100, 200 and 300 bytes");
        }
    }

    @Test
    void theWriterGoesOnDuringASyncAndNoSecondStartsUntilItEnds() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (EarlyWriteback writeback = new EarlyWriteback(() -> {
            syncs.incrementAndGet();
            started.countDown();
            await(release);
        }, 100)) {
            writeback.written(100);
            await(started);
            for (long total = 200; total <= 1000; total += 100) {
                writeback.written(total);
            }
            assertEquals(1, syncs.get(), "one sync at a time");
            CompletableFuture<Void> finish = CompletableFuture.runAsync(() -> {
                try {
                    writeback.finish();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            Thread.sleep(50);
            assertFalse(finish.isDone(), "finish waits for the sync in progress");
            release.countDown();
            finish.get(5, TimeUnit.SECONDS);
            writeback.written(1100);
            writeback.finish();
            assertEquals(2, syncs.get(), "the next starts once the first ended");
        }
    }

    /** The kernel reports a write-back error once per descriptor: the final sync alone might not see it. */
    @Test
    void aFailedSyncFailsTheNextSyncAndTheFinish() throws Exception {
        IOException full = new IOException("No space left on device");
        try (EarlyWriteback writeback = new EarlyWriteback(() -> {
            throw full;
        }, 100)) {
            writeback.written(100);
            assertSame(full, assertThrows(IOException.class, writeback::finish));
        }
        try (EarlyWriteback writeback = new EarlyWriteback(() -> {
            throw full;
        }, 100)) {
            writeback.written(100);
            Thread.sleep(50);
            assertSame(full, assertThrows(IOException.class, () -> writeback.written(200)));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
