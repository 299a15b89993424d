package org.jfenced.backend.cpg.state;

import static org.jfenced.backend.cpg.state.Group.M1;
import static org.jfenced.backend.cpg.state.Group.M2;
import static org.jfenced.backend.cpg.state.Group.M3;
import static org.jfenced.backend.cpg.state.Group.off;
import static org.jfenced.backend.cpg.state.Group.routeOf;
import static org.jfenced.backend.cpg.state.Group.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.VmInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node of the corosync ring that runs no jfenced in the group is a host nobody can ask: a VM no member
 * runs may run there. Until every ring member has a daemon, such a VM is refused — never called off.
 */
class RingMemberWithoutDaemonTest {

    private final Group group = new Group();

    @BeforeEach
    void twoMembersInAThreeNodeRing() {
        group.join(M1, M2);
        group.ring(1, 2, 3);
        group.publish(M1, running("web"), off("spare"));
        group.publish(M2, running("db"));
    }

    /** Node 3's daemon joins, and every member publishes again. */
    private void nodeThreesDaemonJoins(VmInfo... vms) {
        group.join(M3);
        group.publish(M1, running("web"), off("spare"));
        group.publish(M2, running("db"));
        group.publish(M3, vms);
    }

    @Test
    void anUnknownVmIsRefusedByTheHighestMemberNamingTheNode() {
        Route route = routeOf(group.request(M1, FenceAction.STATUS, "no-such-vm"));
        assertEquals(Route.Kind.REFUSE, route.kind());
        assertEquals(Rule.RING_MEMBER_WITHOUT_DAEMON, route.rule());
        assertEquals(M2, route.actor());
        assertTrue(route.reason().contains("node 3"), route.reason());
    }

    @Test
    void aVmDefinedButOffAtAMemberIsRefusedToo() {
        assertEquals(Rule.RING_MEMBER_WITHOUT_DAEMON, routeOf(group.request(M1, FenceAction.OFF, "spare")).rule());
    }

    @Test
    void aVmRunningAtAMemberIsStillCarriedOutThere() {
        Route route = routeOf(group.request(M1, FenceAction.OFF, "db"));
        assertEquals(Route.Kind.ACT, route.kind());
        assertEquals(M2, route.actor());
    }

    @Test
    void onceTheNodesDaemonHasJoinedAndPublishedTheUnknownVmIsOff() {
        nodeThreesDaemonJoins();
        assertEquals(List.of(), group.state.ringMembersWithoutDaemon());
        assertEquals(Route.Kind.ANSWER_UNKNOWN, routeOf(group.request(M1, FenceAction.STATUS, "no-such-vm")).kind());
    }

    @Test
    void onceTheNodeHasLeftTheRingTheUnknownVmIsOff() {
        group.ring(1, 2);
        assertEquals(Route.Kind.ANSWER_UNKNOWN, routeOf(group.request(M1, FenceAction.STATUS, "no-such-vm")).kind());
    }

    @Test
    void aMemberWhoseNodeLeavesTheRingIsCutOffNotADaemonlessRingMember() {
        nodeThreesDaemonJoins(running("app"));
        group.crash(M3);
        assertEquals(List.of(), group.state.ringMembersWithoutDaemon(), "the ring report that follows comes later");
        assertEquals(Route.Kind.WAIT, routeOf(group.request(M1, FenceAction.OFF, "app")).kind());
    }

    @Test
    void aCutOffNodeBackInTheRingWithoutItsDaemonIsRefusedOnceItsDeadlineHasPassed() {
        nodeThreesDaemonJoins(running("app"));
        group.crash(M3);
        group.ring(1, 2);
        group.ring(1, 2, 3);
        Route waiting = routeOf(group.request(M1, FenceAction.OFF, "app"));
        assertEquals(Route.Kind.WAIT, waiting.kind());
        Route decided = routeOf(group.deadlinePassed(M2, 3));
        assertEquals(Route.Kind.REFUSE, decided.kind(), "node 3 rebooted into the ring and may have started app");
        assertEquals(Rule.RING_MEMBER_WITHOUT_DAEMON, decided.rule());
    }

    @Test
    void anOrphanIsRefusedAsAnOrphanNotCountedTwice() {
        nodeThreesDaemonJoins(running("app"));
        group.daemonStops(M3);
        assertEquals(List.of(), group.state.ringMembersWithoutDaemon());
        assertEquals(Rule.UNSEEN, routeOf(group.request(M1, FenceAction.STATUS, "no-such-vm")).rule());
    }
}
