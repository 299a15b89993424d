package org.jfenced.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
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

    @Test
    void aBurstsRoomIsGivenBackOnceItsRequestsArePastTheWindow() {
        for (int seqno = 0; seqno < 5_000; seqno++) {
            history.claim(req(FenceAction.STATUS, seqno, "vm-" + seqno % 100, "a")).orElseThrow().answered();
        }
        DuplicateHistory.Answered grown = history.answeredForTest();
        assertTrue(grown.capacity() >= 5_000, "room for the burst: " + grown.capacity());
        now.addAndGet(Duration.ofSeconds(10).toNanos());

        history.forgetExpired();

        assertEquals(0, history.size());
        assertEquals(DuplicateHistory.MIN_CAPACITY, history.answeredForTest().capacity());
    }

    /**
     * Thousands of random steps against the simplest history that could be right: a list of answered
     * requests and their times, searched whole. Few targets and seqnos, so that copies, collisions in the
     * index and runs of removals all happen.
     */
    @Test
    void behavesAsAPlainListOfAnsweredRequestsOverManyRandomSteps() {
        for (long seed = 1; seed <= 20; seed++) {
            java.util.Random random = new java.util.Random(seed);
            AtomicLong clock = new AtomicLong();
            DuplicateHistory real = new DuplicateHistory(Duration.ofMillis(500), clock::get);
            java.util.List<Object[]> model = new java.util.ArrayList<>();
            java.util.Map<String, DuplicateHistory.Claim> open = new java.util.HashMap<>();
            for (int step = 0; step < 20_000; step++) {
                FenceAction action = random.nextBoolean() ? FenceAction.STATUS : FenceAction.OFF;
                FenceRequest r = req(action, random.nextInt(40), (random.nextBoolean() ? "VM-" : "vm-")
                        + random.nextInt(30), "a");
                String key = action + "/" + r.seqno() + "/" + r.target().toLowerCase();
                long t = clock.get();
                model.removeIf(e -> t - (long) e[1] >= Duration.ofMillis(500).toNanos());
                boolean inModel = open.containsKey(key) || model.stream().anyMatch(e -> e[0].equals(key));
                int op = random.nextInt(10);
                if (op < 5) {
                    Optional<DuplicateHistory.Claim> c = real.claim(r);
                    assertEquals(!inModel, c.isPresent(), "seed " + seed + " step " + step + " claim " + key);
                    c.ifPresent(claim -> open.put(key, claim));
                } else if (op < 7 && !open.isEmpty()) {
                    String done = open.keySet().stream().skip(random.nextInt(open.size())).findFirst().orElseThrow();
                    open.remove(done).answered();
                    model.add(new Object[] {done, clock.get()});
                } else if (op < 9) {
                    assertEquals(inModel, real.isDuplicate(r), "seed " + seed + " step " + step + " isDuplicate " + key);
                } else {
                    real.forgetExpired();
                }
                clock.addAndGet(Duration.ofMillis(random.nextInt(3)).toNanos());
                if (step % 997 == 0) {
                    long at = clock.get();
                    model.removeIf(e -> at - (long) e[1] >= Duration.ofMillis(500).toNanos());
                    assertEquals(model.size() + open.size(), real.size(), "seed " + seed + " step " + step + " size");
                }
            }
        }
    }
}
