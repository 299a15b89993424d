package org.jfenced.service.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jfenced.nativelib.cpg.CpgMember;

/**
 * One offer this member made, from sending it until every member it reached has answered or left, or time
 * is up. Who it reached is known only when the offer comes back to its origin: corosync delivers it to
 * everyone in the same total order, so exactly the members of the group at that point receive it. Events
 * arrive on the group's dispatch thread; the origin waits on an admin thread.
 */
final class PendingOffer {

    /**
     * What one reached member did: its answer, or why there is none.
     *
     * @param silence why there is no answer; empty when there is one
     */
    record Reply(CpgMember member, Optional<Answer> answer, String silence) {
    }

    /**
     * What is known when waiting ends.
     *
     * @param undelivered why the offer never came back, so that nobody is known to have it; empty when it did
     */
    record Settlement(Optional<String> undelivered, List<Reply> replies) {
    }

    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    private final Map<CpgMember, Answer> answers = new LinkedHashMap<>();
    private final Map<CpgMember, String> silent = new LinkedHashMap<>();
    private Set<CpgMember> reached;
    private String undelivered;

    /** The offer came back; {@code others} are the other members it reached. */
    synchronized void delivered(Collection<CpgMember> others) {
        if (reached == null && undelivered == null) {
            reached = new LinkedHashSet<>(others);
            settleWhenComplete();
        }
    }

    synchronized void answered(CpgMember from, Answer answer) {
        answers.putIfAbsent(from, answer);
        settleWhenComplete();
    }

    /** Members left the group: those that had not answered never will. */
    synchronized void left(Collection<CpgMember> gone, String why) {
        gone.forEach(m -> {
            if (!answers.containsKey(m)) {
                silent.putIfAbsent(m, why);
            }
        });
        settleWhenComplete();
    }

    /** This member lost the group: nothing more will arrive. */
    synchronized void lost(String why) {
        if (reached == null) {
            undelivered = why;
        } else {
            left(reached, why);
        }
        settled.complete(null);
    }

    /** Waits until every reached member has answered or left, at most {@code timeout}, and tells what is known. */
    Settlement await(Duration timeout) throws InterruptedException {
        try {
            settled.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // what is known by now is the answer
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return settlement(timeout);
    }

    private synchronized Settlement settlement(Duration timeout) {
        if (reached == null) {
            return new Settlement(Optional.of(undelivered != null ? undelivered
                    : "corosync did not deliver it within " + seconds(timeout)), List.of());
        }
        List<Reply> replies = new ArrayList<>();
        Set<CpgMember> all = new LinkedHashSet<>(reached);
        all.addAll(answers.keySet());
        for (CpgMember m : all) {
            Answer a = answers.get(m);
            replies.add(a != null ? new Reply(m, Optional.of(a), "")
                    : new Reply(m, Optional.empty(), silent.getOrDefault(m, "none within " + seconds(timeout))));
        }
        return new Settlement(Optional.empty(), replies);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private void settleWhenComplete() {
        if (reached != null && reached.stream().allMatch(m -> answers.containsKey(m) || silent.containsKey(m))) {
            settled.complete(null);
        }
    }
}
