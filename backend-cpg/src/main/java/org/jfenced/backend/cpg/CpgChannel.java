package org.jfenced.backend.cpg;

import java.io.IOException;
import java.util.List;
import java.util.TreeSet;
import org.jfenced.backend.cpg.state.Departure;
import org.jfenced.backend.cpg.state.MemberId;
import org.jfenced.nativelib.CorosyncException;
import org.jfenced.nativelib.cpg.CpgGroup;
import org.jfenced.nativelib.cpg.CpgListener;
import org.jfenced.nativelib.cpg.CpgMember;
import org.jfenced.nativelib.cpg.CpgMemberChange;
import org.jfenced.nativelib.cpg.CpgReason;
import org.jfenced.nativelib.cpg.CpgRing;

/** The group as a corosync CPG group, through the native module. */
final class CpgChannel implements GroupChannel {

    private final CpgGroup group;

    private CpgChannel(CpgGroup group) {
        this.group = group;
    }

    /** Joins in the network namespace of the calling thread, whose corosync it talks to. */
    static GroupChannel join(String name, Events events) throws CorosyncException {
        return new CpgChannel(CpgGroup.join(name, new Listener(events)));
    }

    @Override
    public void send(byte[] message) throws IOException {
        group.send(message);
    }

    @Override
    public MemberId self() {
        return new MemberId(group.self().nodeId(), group.self().pid());
    }

    @Override
    public boolean isConnected() {
        return group.isConnected();
    }

    @Override
    public void close() {
        group.close();
    }

    private static MemberId id(CpgMember m) {
        return new MemberId(m.nodeId(), m.pid());
    }

    private record Listener(Events events) implements CpgListener {

        @Override
        public void onMessage(int nodeId, int pid, byte[] message) {
            events.onMessage(new MemberId(nodeId, pid), message);
        }

        /**
         * Only NODEDOWN means the node left the ring; a member that left, exited or lost its corosync
         * in an orderly shutdown leaves a node that may still run VMs.
         */
        @Override
        public void onMembership(List<CpgMember> members, List<CpgMemberChange> joined, List<CpgMemberChange> left) {
            events.onMembership(members.stream().map(CpgChannel::id).toList(),
                    joined.stream().map(c -> id(c.member())).toList(),
                    left.stream().map(c -> new Departure(id(c.member()), c.reason() == CpgReason.NODEDOWN)).toList());
        }

        @Override
        public void onRingChange(CpgRing ring, List<Integer> nodeIds) {
            events.onRing(new TreeSet<>(nodeIds));
        }

        @Override
        public void onCorosyncLost(CorosyncException cause) {
            events.onLost(cause.getMessage());
        }
    }
}
