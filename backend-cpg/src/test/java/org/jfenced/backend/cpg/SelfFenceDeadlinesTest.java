package org.jfenced.backend.cpg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfenced.backend.cpg.state.SelfFencePromise;
import org.junit.jupiter.api.Test;

/** A member's measure of the self-fence deadlines, on a clock the test moves. */
class SelfFenceDeadlinesTest {

    private static final long MS = 1_000_000;
    private static final SelfFencePromise TEN_SECONDS = new SelfFencePromise(true, "", Duration.ofSeconds(10), "");
    private static final Map<Integer, SelfFencePromise> NODE_3 = Map.of(3, TEN_SECONDS);

    private final SelfFenceDeadlines deadlines = new SelfFenceDeadlines(Duration.ofMillis(1100));

    @Test
    void aDeadlineIsTheHostsTimeoutPlusTheSkewAfterThisMemberLearnedOfIt() {
        long t0 = 5_000 * MS;
        assertEquals(List.of(), deadlines.due(NODE_3, 1, true, t0));
        assertEquals(Optional.of(t0 + 11_100 * MS), deadlines.next(t0));
        assertEquals(List.of(), deadlines.due(NODE_3, 1, true, t0 + 11_099 * MS));
        assertEquals(List.of(3), deadlines.due(NODE_3, 1, true, t0 + 11_100 * MS));
    }

    @Test
    void onlyTheSpeakerTellsTheGroupAndOncePerView() {
        deadlines.due(NODE_3, 1, false, 0);
        assertEquals(List.of(), deadlines.due(NODE_3, 1, false, 20_000 * MS), "not the highest of a quorate partition");
        assertEquals(List.of(3), deadlines.due(NODE_3, 1, true, 20_000 * MS));
        assertEquals(List.of(), deadlines.due(NODE_3, 1, true, 21_000 * MS), "told already");
        assertEquals(List.of(3), deadlines.due(NODE_3, 2, true, 22_000 * MS), "a join made the notice stale");
    }

    @Test
    void aNodeNoLongerAwaitedIsForgottenAndMeasuredAfreshWhenItLeavesAgain() {
        deadlines.due(NODE_3, 1, true, 0);
        deadlines.due(Map.of(), 1, true, 5_000 * MS);
        assertEquals(Optional.empty(), deadlines.next(5_000 * MS));
        assertEquals(List.of(), deadlines.due(NODE_3, 1, true, 12_000 * MS));
        assertEquals(Map.of(3, 11_100 * MS), deadlines.remaining(12_000 * MS));
    }
}
