package org.jfenced.admin;

import java.util.HashMap;
import java.util.Map;

/**
 * How many admin commands each user has running. Commands may block for long (a backup runs for
 * minutes), so a shared pool of threads would let one user's commands hold everybody else's up; with a
 * cap per user, one user's load never delays another user's command.
 */
final class CommandQuota {

    private final int perUser;
    private final Map<String, Integer> running = new HashMap<>();

    CommandQuota(int perUser) {
        if (perUser < 1) {
            throw new IllegalArgumentException("perUser must be at least 1: " + perUser);
        }
        this.perUser = perUser;
    }

    int perUser() {
        return perUser;
    }

    /** Counts one more command of {@code user}; false, and nothing counted, when it is at its cap. */
    synchronized boolean tryEnter(String user) {
        int now = running.getOrDefault(user, 0);
        if (now >= perUser) {
            return false;
        }
        running.put(user, now + 1);
        return true;
    }

    synchronized void exit(String user) {
        running.computeIfPresent(user, (u, n) -> n == 1 ? null : n - 1);
    }
}
