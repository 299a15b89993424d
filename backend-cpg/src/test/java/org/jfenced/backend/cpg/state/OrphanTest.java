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
import java.util.Set;
import org.jfenced.spi.FenceAction;
import org.junit.jupiter.api.Test;

/**
 * A daemon that leaves while its node stays in the cluster leaves its VMs running: nobody may call them
 * off until a new daemon there speaks for it or an operator confirms the node down. The node leaving the
 * cluster later changes nothing: its daemon was not there to destroy the VMs.
 */
class OrphanTest {

    private final Group group = Group.ofThreeMembers();

    @Test
    void aVmOfAStoppedDaemonIsRefusedNotCalledOff() {
        group.daemonStops(M3);
        Route route = routeOf(group.request(M1, FenceAction.OFF, "app"));
        assertEquals(Route.Kind.REFUSE, route.kind());
        assertEquals(M2, route.actor());
        assertTrue(route.reason().contains("node 3"), route.reason());
    }

    @Test
    void aVmRunningOnAStoppedDaemonsNodeIsRefusedEvenIfDefinedElsewhere() {
        group.daemonStops(M3);
        assertEquals(Route.Kind.REFUSE, routeOf(group.request(M1, FenceAction.STATUS, "db")).kind());
    }

    @Test
    void anOrphanedNodesVmsStayRefusedWhateverTimePassesUntilItIsConfirmedDown() {
        group.daemonStops(M3);
        group.deadlinePassed(M2, 3);
        assertEquals(Route.Kind.REFUSE, routeOf(group.request(M1, FenceAction.OFF, "app")).kind());
        group.confirmDown(M1, 3);
        assertEquals(Route.Kind.ANSWER_UNKNOWN, routeOf(group.request(M1, FenceAction.OFF, "app")).kind());
    }

    @Test
    void aNodeThatLeftTheClusterIsCutOffNotOrphaned() {
        group.crash(M3);
        assertEquals(GroupEvent.Fate.CUT_OFF, group.state.map().absentNode(3).orElseThrow().fate());
    }

    @Test
    void orphansArePassedOnAcrossAJoinAndReplacedByTheNodesNewDaemon() {
        group.daemonStops(M3);
        MemberId newDaemon = new MemberId(3, 333);
        Effect.Republish republish = (Effect.Republish) group.join(newDaemon).get(0);
        assertEquals(Set.of(), group.state.map().absentNodes(), "forgotten until republished");
        assertEquals(3, republish.absent().get(0).nodeId());

        group.state.deliver(M1, new GroupEvent.Snapshot(republish.view(), true, true, true, true,
                List.of(running("web")), republish.absent(), List.of(), Group.PROMISE));
        assertEquals(Set.of(3), group.state.map().absentNodes());
        group.publish(M2, off("db"));
        group.publish(newDaemon, running("db"));
        assertEquals(Set.of(), group.state.map().absentNodes());
        assertEquals(Route.Kind.ANSWER_UNKNOWN, routeOf(group.request(M1, FenceAction.OFF, "app")).kind(),
                "app is gone from node 3 according to its new daemon");
    }

    @Test
    void orphansAnnouncedAfterTheNewDaemonPublishedAreIgnored() {
        group.daemonStops(M3);
        MemberId newDaemon = new MemberId(3, 333);
        Effect.Republish republish = (Effect.Republish) group.join(newDaemon).get(0);
        group.publish(newDaemon, running("db"));
        group.state.deliver(M1, new GroupEvent.Snapshot(republish.view(), true, true, true, true,
                List.of(running("web")), republish.absent(), List.of(), Group.PROMISE));
        assertEquals(Set.of(), group.state.map().absentNodes());
    }
}
