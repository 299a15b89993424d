package org.jfenced.backend.cpg;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jfenced.backend.cpg.state.Departure;
import org.jfenced.backend.cpg.state.MemberId;

/**
 * A process group in memory with CPG's guarantees: one delivery thread hands every message and membership
 * change to every member in the same order, senders included. Tests can crash a member (its node leaves)
 * and hold back a member's messages (a hung daemon).
 */
final class InMemoryGroup implements AutoCloseable {

    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "in-memory-cpg");
        t.setDaemon(true);
        return t;
    });
    private final Map<MemberId, Channel> members = new LinkedHashMap<>();
    private volatile Predicate<MemberId> muted = m -> false;
    private int nextPid = 5000;

    /** Joins as a member on {@code nodeId}; the join is delivered before this returns. */
    GroupChannel.Joiner joinerFor(int nodeId) {
        return (group, events) -> {
            Channel c;
            synchronized (this) {
                c = new Channel(new MemberId(nodeId, nextPid++), events);
            }
            deliverAndWait(() -> {
                members.put(c.id, c);
                announce(List.of(c.id), List.of());
            });
            return c;
        };
    }

    /** The member's node crashes: everyone else sees it leave with NODEDOWN. */
    void crash(MemberId member) {
        deliverAndWait(() -> {
            Channel gone = members.remove(member);
            if (gone != null) {
                gone.open = false;
                announce(List.of(), List.of(new Departure(member, true)));
                ring();
            }
        });
    }

    /** Messages from members matching {@code who} are dropped from now on, as if their daemon hung. */
    void mute(Predicate<MemberId> who) {
        muted = who;
    }

    MemberId memberOn(int nodeId) {
        synchronized (this) {
            return members.keySet().stream().filter(m -> m.nodeId() == nodeId).findFirst().orElseThrow();
        }
    }

    @Override
    public void close() {
        delivery.shutdownNow();
    }

    private void announce(List<MemberId> joined, List<Departure> left) {
        List<MemberId> now = new ArrayList<>(new TreeSet<>(members.keySet()));
        for (Channel c : List.copyOf(members.values())) {
            c.events.onMembership(now, joined, left);
        }
        ring();
    }

    private void ring() {
        Set<Integer> nodes = new TreeSet<>();
        members.keySet().forEach(m -> nodes.add(m.nodeId()));
        members.values().forEach(c -> c.events.onRing(nodes));
    }

    private void deliverAndWait(Runnable r) {
        try {
            delivery.submit(r).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private final class Channel implements GroupChannel {
        final MemberId id;
        final Events events;
        volatile boolean open = true;

        Channel(MemberId id, Events events) {
            this.id = id;
            this.events = events;
        }

        @Override
        public void send(byte[] message) throws IOException {
            if (!open) {
                throw new IOException("not in the group");
            }
            if (muted.test(id)) {
                return;
            }
            delivery.execute(() -> {
                if (members.containsKey(id)) {
                    members.values().forEach(c -> c.events.onMessage(id, message));
                }
            });
        }

        @Override
        public MemberId self() {
            return id;
        }

        @Override
        public boolean isConnected() {
            return open;
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                delivery.execute(() -> {
                    if (members.remove(id) != null) {
                        announce(List.of(), List.of(new Departure(id, false)));
                    }
                });
            }
        }
    }
}
