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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A daemon that leaves while its node stays in the cluster leaves its VMs running: nobody may call them
 * off until the node itself is gone or a new daemon there speaks for it.
 */
class OrphanTest {

    private final Group group = new Group();

    @BeforeEach
    void threeMembers() {
        group.join(M1, M2, M3);
        group.publish(M1, running("web"));
        group.publish(M2, off("db"));
        group.publish(M3, running("db"), running("app"));
    }

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
    void whenTheNodeLeavesTheRingItsVmsBecomeUnknown() {
        group.daemonStops(M3);
        group.state.deliver(M2, new GroupEvent.NodeGone(3, group.state.view()));
        assertEquals(Route.Kind.ANSWER_UNKNOWN, routeOf(group.request(M1, FenceAction.OFF, "app")).kind());
    }

    @Test
    void aCrashedNodeLeavesNoOrphans() {
        group.crash(M3);
        assertEquals(Set.of(), group.state.map().orphanNodes());
    }

    @Test
    void orphansArePassedOnAcrossAJoinAndReplacedByTheNodesNewDaemon() {
        group.daemonStops(M3);
        MemberId newDaemon = new MemberId(3, 333);
        Effect.Republish republish = (Effect.Republish) group.join(newDaemon).get(0);
        assertEquals(Set.of(), group.state.map().orphanNodes(), "forgotten until republished");
        assertEquals(3, republish.orphans().get(0).nodeId());

        group.state.deliver(M1, new GroupEvent.Snapshot(republish.view(), true, true, true, true,
                List.of(running("web")), republish.orphans(), List.of()));
        assertEquals(Set.of(3), group.state.map().orphanNodes());
        group.publish(M2, off("db"));
        group.publish(newDaemon, running("db"));
        assertEquals(Set.of(), group.state.map().orphanNodes());
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
                List.of(running("web")), republish.orphans(), List.of()));
        assertEquals(Set.of(), group.state.map().orphanNodes());
    }
}
