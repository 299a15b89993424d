package org.jfenced.listener.tcp;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;

/**
 * The connections that have not yet sent their whole request, in the order they last did anything, and
 * which of them makes room for a newcomer.
 *
 * <p>Anyone who can reach the port can open connections and say nothing, and reopen each one the moment
 * it is closed. Refusing newcomers when full would hand the port to whoever refills fastest; instead the
 * newcomer always gets in and the connection silent longest goes — from the newcomer's own address when
 * that address holds its share already, so one address's flood costs only that address's connections.
 * A real client sends its request as soon as it has connected, so it leaves this set within a round trip,
 * long before a flood has cycled through all the connections ahead of it. Not thread-safe: the
 * listener's one event-loop thread owns it.
 *
 * @param <C> the connection
 */
final class WaitingConnections<C> {

    private final int max;
    private final int perSource;
    private final LinkedHashSet<C> byActivity = new LinkedHashSet<>();
    private final Map<C, String> sourceOf = new HashMap<>();
    private final Map<String, LinkedHashSet<C>> bySource = new HashMap<>();

    /**
     * @param max connections waiting at once
     * @param perSource of those, from one address
     */
    WaitingConnections(int max, int perSource) {
        if (perSource < 1 || max < perSource) {
            throw new IllegalArgumentException("need 1 <= perSource <= max: " + perSource + ", " + max);
        }
        this.max = max;
        this.perSource = perSource;
    }

    /** Takes a new connection in; the connection to close to make room for it, if any. */
    Optional<C> admit(C connection, String source) {
        LinkedHashSet<C> own = bySource.computeIfAbsent(source, s -> new LinkedHashSet<>());
        Optional<C> evicted = Optional.empty();
        if (own.size() >= perSource) {
            evicted = Optional.of(own.iterator().next());
        } else if (byActivity.size() >= max) {
            evicted = Optional.of(byActivity.iterator().next());
        }
        evicted.ifPresent(this::remove);
        byActivity.add(connection);
        own.add(connection);
        sourceOf.put(connection, source);
        return evicted;
    }

    /** The connection sent something: it goes to the back of the queue. */
    void active(C connection) {
        String source = sourceOf.get(connection);
        if (source == null) {
            return;
        }
        byActivity.remove(connection);
        byActivity.add(connection);
        LinkedHashSet<C> own = bySource.get(source);
        own.remove(connection);
        own.add(connection);
    }

    /** Forgets the connection: its request is complete, or it closed. Whether it was waiting. */
    boolean remove(C connection) {
        String source = sourceOf.remove(connection);
        if (source == null) {
            return false;
        }
        byActivity.remove(connection);
        LinkedHashSet<C> own = bySource.get(source);
        own.remove(connection);
        if (own.isEmpty()) {
            bySource.remove(source);
        }
        return true;
    }

    int size() {
        return byActivity.size();
    }

    /** The waiting connections, least recently active first. */
    Iterator<C> iterator() {
        return byActivity.iterator();
    }
}
