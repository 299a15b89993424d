package org.jfenced.admin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin connections that have not yet sent a complete request, by the user the kernel says opened
 * them, and who makes room when there are too many.
 *
 * <p>A local user can open connections faster than any deadline closes them, so holding them must only
 * ever cost that user: each user has a cap of its own, and a user over it loses its own oldest
 * connection, never anyone else's. Users the daemon will refuse anyway get a smaller cap (enough to be
 * told so). When the total is reached, a refused user's oldest connection makes room; an allowed user's
 * connection (root, the daemon's user, the admin group) is never closed for somebody else. Not
 * thread-safe: one thread owns it.
 *
 * @param <C> the connection
 */
final class PendingRequests<C> {

    /** The caps of {@link AdminServer}: a jfencectl sends its request at once, so a handful per user is plenty. */
    static final Limits DEFAULT_LIMITS = new Limits(8, 2, 64);

    /**
     * @param perAllowedUser connections awaiting a request per user that may use the socket
     * @param perRefusedUser the same for a user that will be refused
     * @param total all users together
     */
    record Limits(int perAllowedUser, int perRefusedUser, int total) {
        Limits {
            if (perAllowedUser < 1 || perRefusedUser < 1 || total < perAllowedUser) {
                throw new IllegalArgumentException("need caps of at least 1 and a total of at least one user's cap");
            }
        }
    }

    private record Pending<C>(C connection, boolean allowed) {
    }

    private final Limits limits;
    private final Map<String, ArrayDeque<Pending<C>>> byUser = new HashMap<>();
    private int size;

    PendingRequests(Limits limits) {
        this.limits = limits;
    }

    /**
     * Takes {@code connection} in, oldest of its user last.
     *
     * @param allowed whether {@code user} may use the socket
     * @return the connections to close now to make room: {@code connection} itself when no room can be
     *     made without closing somebody else's allowed connection
     */
    List<C> admit(C connection, String user, boolean allowed) {
        List<C> evicted = new ArrayList<>();
        ArrayDeque<Pending<C>> own = byUser.computeIfAbsent(user, u -> new ArrayDeque<>());
        int cap = allowed ? limits.perAllowedUser() : limits.perRefusedUser();
        while (own.size() >= cap) {
            evicted.add(own.removeFirst().connection());
            size--;
        }
        if (size >= limits.total()) {
            Optional<ArrayDeque<Pending<C>>> donor = heaviestRefused();
            if (donor.isEmpty()) {
                if (own.isEmpty()) {
                    byUser.remove(user);
                }
                evicted.add(connection);
                return evicted;
            }
            evicted.add(donor.get().removeFirst().connection());
            size--;
            byUser.values().removeIf(ArrayDeque::isEmpty);
        }
        byUser.computeIfAbsent(user, u -> own).addLast(new Pending<>(connection, allowed));
        size++;
        return evicted;
    }

    /** Forgets {@code connection}: its request is complete, or it was closed. */
    void remove(C connection, String user) {
        ArrayDeque<Pending<C>> own = byUser.get(user);
        if (own != null && own.removeIf(p -> p.connection() == connection)) {
            size--;
            if (own.isEmpty()) {
                byUser.remove(user);
            }
        }
    }

    int size() {
        return size;
    }

    private Optional<ArrayDeque<Pending<C>>> heaviestRefused() {
        return byUser.values().stream()
                .filter(q -> !q.isEmpty() && !q.peekFirst().allowed())
                .max((a, b) -> Integer.compare(a.size(), b.size()));
    }
}
