package org.jfenced.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.junit.jupiter.api.Test;

class DuplicateHistoryTest {

    private final AtomicLong now = new AtomicLong();
    private final DuplicateHistory history = new DuplicateHistory(Duration.ofSeconds(10), now::get);

    private static FenceRequest req(FenceAction a, long seq, String target, String source) {
        return new FenceRequest(a, target, source, seq, "test");
    }

    @Test
    void anAnsweredRequestIsADuplicateForTenSeconds() {
        history.claim(req(FenceAction.STATUS, 4242, "vm-run2", "a")).orElseThrow().answered();
        now.addAndGet(Duration.ofMillis(9_999).toNanos());
        assertTrue(history.isDuplicate(req(FenceAction.STATUS, 4242, "vm-run2", "a")));
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertFalse(history.isDuplicate(req(FenceAction.STATUS, 4242, "vm-run2", "a")));
    }

    @Test
    void theTargetComparesCaseInsensitivelyAndTheSourceNotAtAll() {
        history.claim(req(FenceAction.OFF, 1, "vm-run2", "127.0.0.1")).orElseThrow().answered();
        assertTrue(history.claim(req(FenceAction.OFF, 1, "VM-RUN2", "192.0.2.2")).isEmpty());
    }

    @Test
    void anotherActionOrSeqnoIsANewRequest() {
        history.claim(req(FenceAction.STATUS, 4242, "vm-run2", "a")).orElseThrow().answered();
        assertTrue(history.claim(req(FenceAction.OFF, 4242, "vm-run2", "a")).isPresent());
        assertTrue(history.claim(req(FenceAction.STATUS, 4243, "vm-run2", "a")).isPresent());
    }

    @Test
    void copiesArrivingWhileTheFirstIsServedAreRefused() {
        DuplicateHistory.Claim first = history.claim(req(FenceAction.REBOOT, 9, "vm", "a")).orElseThrow();
        assertTrue(history.isDuplicate(req(FenceAction.REBOOT, 9, "vm", "b")));
        assertTrue(history.claim(req(FenceAction.REBOOT, 9, "vm", "b")).isEmpty());
        first.answered();
        assertTrue(history.claim(req(FenceAction.REBOOT, 9, "vm", "b")).isEmpty());
    }

    @Test
    void theWindowStartsWhenTheReplyIsWrittenNotWhenTheRequestArrived() {
        DuplicateHistory.Claim c = history.claim(req(FenceAction.REBOOT, 3, "vm", "a")).orElseThrow();
        now.addAndGet(Duration.ofSeconds(15).toNanos());
        c.answered();
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertTrue(history.isDuplicate(req(FenceAction.REBOOT, 3, "vm", "a")));
    }

    @Test
    void forgettingWhatIsPastTheWindowKeepsWhatIsStillInItAndTheRequestsBeingServed() {
        history.claim(req(FenceAction.STATUS, 1, "vm-old", "a")).orElseThrow().answered();
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        history.claim(req(FenceAction.STATUS, 2, "vm-recent", "a")).orElseThrow().answered();
        history.claim(req(FenceAction.OFF, 3, "vm-served", "a")).orElseThrow();
        now.addAndGet(Duration.ofSeconds(5).toNanos());

        history.forgetExpired();

        assertEquals(2, history.size());
        assertFalse(history.isDuplicate(req(FenceAction.STATUS, 1, "vm-old", "a")));
        assertTrue(history.isDuplicate(req(FenceAction.STATUS, 2, "vm-recent", "a")));
        assertTrue(history.isDuplicate(req(FenceAction.OFF, 3, "vm-served", "a")));
    }
}
