package org.jfenced.service.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jfenced.nativelib.cpg.CpgMember;
import org.junit.jupiter.api.Test;

/** Waiting for answers ends as soon as every reached member has answered or left, and never later than the timeout. */
class PendingOfferTest {

    private static final OfferId ID = new OfferId(1, 100, 1);
    private static final CpgMember TWO = new CpgMember(2, 200);
    private static final CpgMember THREE = new CpgMember(3, 300);
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void everyReachedMemberAnsweringEndsTheWaitAtOnce() throws InterruptedException {
        PendingOffer offer = new PendingOffer();
        offer.delivered(List.of(TWO, THREE));
        offer.answered(THREE, Answer.kept(ID, 9, false));
        offer.answered(TWO, Answer.written(ID, 8, "/b"));

        long start = System.nanoTime();
        PendingOffer.Settlement settled = offer.await(LONG);

        assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos());
        assertEquals(Optional.empty(), settled.undelivered());
        assertEquals(List.of(new PendingOffer.Reply(TWO, Optional.of(Answer.written(ID, 8, "/b")), ""),
                new PendingOffer.Reply(THREE, Optional.of(Answer.kept(ID, 9, false)), "")), settled.replies());
    }

    @Test
    void aMemberThatLeavesBeforeAnsweringIsNotWaitedFor() throws InterruptedException {
        PendingOffer offer = new PendingOffer();
        offer.delivered(List.of(TWO, THREE));
        offer.answered(TWO, Answer.written(ID, 8, ""));
        offer.left(List.of(THREE), "its node left the cluster before it answered");

        assertEquals(new PendingOffer.Reply(THREE, Optional.empty(), "its node left the cluster before it answered"),
                offer.await(LONG).replies().get(1));
    }

    @Test
    void aMemberThatNeverAnswersIsReportedAfterTheTimeout() throws InterruptedException {
        PendingOffer offer = new PendingOffer();
        offer.delivered(List.of(TWO, THREE));
        offer.answered(TWO, Answer.written(ID, 8, ""));

        long start = System.nanoTime();
        PendingOffer.Settlement settled = offer.await(Duration.ofMillis(300));

        assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
        assertEquals(new PendingOffer.Reply(THREE, Optional.empty(), "none within 0.3 s"), settled.replies().get(1));
    }

    @Test
    void anOfferThatNeverCameBackReachedNobody() throws InterruptedException {
        PendingOffer lost = new PendingOffer();
        lost.lost("this node lost its corosync (cpg_dispatch: CS_ERR_LIBRARY (2))");
        assertEquals(new PendingOffer.Settlement(Optional.of("this node lost its corosync (cpg_dispatch: CS_ERR_LIBRARY"
                + " (2))"), List.of()), lost.await(LONG));

        PendingOffer slow = new PendingOffer();
        assertEquals(Optional.of("corosync did not deliver it within 0.1 s"), slow.await(Duration.ofMillis(100)).undelivered());
    }

    @Test
    void losingCorosyncAfterDeliveryEndsTheWaitForEveryoneLeft() throws InterruptedException {
        PendingOffer offer = new PendingOffer();
        offer.delivered(List.of(TWO, THREE));
        offer.answered(TWO, Answer.written(ID, 8, ""));
        offer.lost("this node lost its corosync");

        PendingOffer.Settlement settled = offer.await(LONG);

        assertEquals(Optional.empty(), settled.undelivered());
        assertEquals(new PendingOffer.Reply(THREE, Optional.empty(), "this node lost its corosync"), settled.replies().get(1));
    }
}
