package org.jfenced.service.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Proxmox's prune-backups rules over backups at chosen times. */
class RetentionPlannerTest {

    /** Two backups a day, 02:00 and 14:00 UTC, from Monday 2026-11-02 to Sunday 2026-11-22. */
    private static final List<Instant> TWICE_DAILY = IntStream.range(0, 42)
            .mapToObj(i -> Instant.parse("2026-11-02T02:00:00Z").plusSeconds(i * 12L * 3600))
            .toList();

    @Test
    void keepLastKeepsTheNewestN() {
        assertEquals(List.of("2026-11-22T14:00:00Z", "2026-11-22T02:00:00Z", "2026-11-21T14:00:00Z"),
                kept(new RetentionPolicy(3, 0, 0, 0, 0, 0), TWICE_DAILY));
    }

    @Test
    void keepDailyKeepsTheNewestOfEachOfTheLastNDays() {
        assertEquals(List.of("2026-11-22T14:00:00Z", "2026-11-21T14:00:00Z", "2026-11-20T14:00:00Z"),
                kept(new RetentionPolicy(0, 0, 3, 0, 0, 0), TWICE_DAILY));
    }

    @Test
    void keepWeeklyCountsIsoWeeksStartingMonday() {
        assertEquals(List.of("2026-11-22T14:00:00Z", "2026-11-15T14:00:00Z", "2026-11-08T14:00:00Z"),
                kept(new RetentionPolicy(0, 0, 0, 5, 0, 0), TWICE_DAILY));
    }

    /**
     * keep-last 2 takes both backups of the 22nd; keep-daily 2 then skips that day (kept already) and
     * takes the 21st and 20th; keep-weekly 2 skips the week of the 16th–22nd and takes the newest of
     * the week before, then of the week before that.
     */
    @Test
    void rulesAddUpWithoutCountingAPeriodTwice() {
        assertEquals(List.of("2026-11-22T14:00:00Z", "2026-11-22T02:00:00Z", "2026-11-21T14:00:00Z",
                        "2026-11-20T14:00:00Z", "2026-11-15T14:00:00Z", "2026-11-08T14:00:00Z"),
                kept(new RetentionPolicy(2, 0, 2, 2, 0, 0), TWICE_DAILY));
    }

    @Test
    void daysFollowTheGivenTimeZone() {
        List<Instant> times = List.of(Instant.parse("2026-11-20T23:30:00Z"), Instant.parse("2026-11-21T00:30:00Z"));
        RetentionPolicy oneDaily = new RetentionPolicy(0, 0, 2, 0, 0, 0);
        assertEquals(2, kept(oneDaily, times).size(), "two days in UTC");
        Map<Instant, RetentionPlanner.Mark> inBerlin = new RetentionPlanner(oneDaily, ZoneId.of("Europe/Berlin"))
                .plan(times, t -> t);
        assertEquals(1, inBerlin.values().stream().filter(RetentionPlanner.Mark::keep).count(),
                "one day in Berlin (00:30 and 01:30 on the 21st)");
    }

    @Test
    void noRuleKeepsEverything() {
        assertEquals(TWICE_DAILY.size(), kept(RetentionPolicy.KEEP_ALL, TWICE_DAILY).size());
    }

    @Test
    void whatNoRuleKeepsIsRemovedAndSaysWhichRuleKeptTheRest() {
        Map<Instant, RetentionPlanner.Mark> plan = new RetentionPlanner(new RetentionPolicy(1, 0, 1, 0, 0, 0),
                ZoneOffset.UTC).plan(TWICE_DAILY, t -> t);
        assertEquals(new RetentionPlanner.Mark(true, "keep-last"), plan.get(Instant.parse("2026-11-22T14:00:00Z")));
        assertEquals(new RetentionPlanner.Mark(true, "keep-daily"), plan.get(Instant.parse("2026-11-21T14:00:00Z")));
        assertEquals(new RetentionPlanner.Mark(false, ""), plan.get(Instant.parse("2026-11-22T02:00:00Z")));
        assertEquals(40, plan.values().stream().filter(m -> !m.keep()).count());
    }

    private static List<String> kept(RetentionPolicy policy, List<Instant> times) {
        return new RetentionPlanner(policy, ZoneOffset.UTC).plan(times, t -> t).entrySet().stream()
                .filter(e -> e.getValue().keep()).map(e -> e.getKey().toString()).collect(Collectors.toList());
    }
}
