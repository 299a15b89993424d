package org.jfenced.service.backup;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides which backups of one VM a {@link RetentionPolicy} keeps. Pure: times in, marks out.
 *
 * <p>The rules run in order last, hourly, daily, weekly, monthly, yearly over the backups newest first.
 * A rule looks only at backups no earlier rule marked, and skips the periods (hours, days, …) in which
 * an earlier rule kept one already; in each new period it keeps the newest backup and removes that
 * period's older ones, until it has kept its count. What no rule keeps is removed.
 */
final class RetentionPlanner {

    /** Why a backup stays or goes. */
    record Mark(boolean keep, String rule) {
    }

    private final RetentionPolicy policy;
    private final ZoneId zone;

    /** @param zone where days, weeks and months begin: the host's time zone, as people read the names */
    RetentionPlanner(RetentionPolicy policy, ZoneId zone) {
        this.policy = policy;
        this.zone = zone;
    }

    /** Every backup of {@code backups} with its mark, newest first. */
    <T> Map<T, Mark> plan(List<T> backups, Function<T, Instant> timeOf) {
        List<T> newestFirst = new ArrayList<>(backups);
        newestFirst.sort(Comparator.comparing(timeOf).reversed());
        Map<T, Mark> marks = new LinkedHashMap<>();
        if (policy.keepsAll()) {
            newestFirst.forEach(b -> marks.put(b, new Mark(true, "keep-all")));
            return marks;
        }
        Map<T, Mark> decided = new HashMap<>();
        apply(newestFirst, decided, timeOf, "keep-last", policy.last(), t -> t.toString());
        apply(newestFirst, decided, timeOf, "keep-hourly", policy.hourly(),
                t -> t.getYear() + "-" + t.getDayOfYear() + "-" + t.getHour());
        apply(newestFirst, decided, timeOf, "keep-daily", policy.daily(), t -> t.toLocalDate().toString());
        apply(newestFirst, decided, timeOf, "keep-weekly", policy.weekly(),
                t -> t.get(IsoFields.WEEK_BASED_YEAR) + "-W" + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        apply(newestFirst, decided, timeOf, "keep-monthly", policy.monthly(), t -> t.getYear() + "-" + t.getMonthValue());
        apply(newestFirst, decided, timeOf, "keep-yearly", policy.yearly(), t -> String.valueOf(t.getYear()));
        for (T b : newestFirst) {
            marks.put(b, decided.getOrDefault(b, new Mark(false, "")));
        }
        return marks;
    }

    /**
     * One rule. keep-last uses the exact time as its period, so each backup is a period of its own
     * (two backups stamped the same second count once, as they would in Proxmox).
     */
    private <T> void apply(List<T> newestFirst, Map<T, Mark> decided, Function<T, Instant> timeOf, String rule,
            int count, Function<ZonedDateTime, String> periodOf) {
        if (count == 0) {
            return;
        }
        Set<String> keptEarlier = new HashSet<>();
        for (T b : newestFirst) {
            Mark m = decided.get(b);
            if (m != null && m.keep()) {
                keptEarlier.add(periodOf.apply(timeOf.apply(b).atZone(zone)));
            }
        }
        Set<String> keptNow = new HashSet<>();
        for (T b : newestFirst) {
            String period = periodOf.apply(timeOf.apply(b).atZone(zone));
            if (decided.containsKey(b) || keptEarlier.contains(period)) {
                continue;
            }
            if (keptNow.contains(period)) {
                decided.put(b, new Mark(false, ""));
            } else if (keptNow.size() < count) {
                keptNow.add(period);
                decided.put(b, new Mark(true, rule));
            } else {
                return;
            }
        }
    }
}
