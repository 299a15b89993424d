package org.jfenced.backend.cpg;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.jfenced.backend.cpg.state.Departure;
import org.jfenced.backend.cpg.state.MemberId;

/**
 * This daemon's membership of the group: corosync CPG in production ({@link CpgChannel}), an in-memory
 * group in tests. Events arrive in the group's total order, all on one thread.
 */
interface GroupChannel extends AutoCloseable {

    /** Multicasts to every member, this one included; returns once queued. */
    void send(byte[] message) throws IOException;

    MemberId self();

    /** False while the local corosync is gone. */
    boolean isConnected();

    /** Leaves the group. */
    @Override
    void close();

    /** What the group reports; called in order, one call at a time. */
    interface Events {
        void onMessage(MemberId sender, byte[] message);

        void onMembership(List<MemberId> members, List<MemberId> joined, List<Departure> left);

        /** The corosync ring's nodes changed; comes after the membership changes of that change. */
        void onRing(Set<Integer> nodeIds);

        /** The local corosync went away: this member is out of the group until it has rejoined. */
        void onLost(String reason);
    }

    /** Joins a group, delivering its events to {@code events}. */
    @FunctionalInterface
    interface Joiner {
        GroupChannel join(String group, Events events) throws IOException;
    }
}
