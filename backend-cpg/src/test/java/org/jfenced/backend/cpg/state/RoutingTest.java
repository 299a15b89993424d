package org.jfenced.backend.cpg.state;

import static org.jfenced.backend.cpg.state.Group.M1;
import static org.jfenced.backend.cpg.state.Group.M2;
import static org.jfenced.backend.cpg.state.Group.M3;
import static org.jfenced.backend.cpg.state.Group.off;
import static org.jfenced.backend.cpg.state.Group.routeOf;
import static org.jfenced.backend.cpg.state.Group.running;
import static org.jfenced.backend.cpg.state.Group.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.Test;

/** Who answers a request, once every member has published its VMs. */
class RoutingTest {

    private final Group group = new Group();

    private void threeMembers() {
        group.join(M1, M2, M3);
        group.publish(M1, running("web"), off("spare"));
        group.publish(M2, off("db"), off("shared"), off("cold"));
        group.publish(M3, running("db"), running("app"), off("cold"));
    }

    @Test
    void theMemberWhereTheVmRunsActs() {
        threeMembers();
        Route route = routeOf(group.request(M1, FenceAction.STATUS, "app"));
        assertEquals(new Route(Route.Kind.ACT, M3, Rule.RUNS_THERE, route.reason()), route);
    }

    @Test
    void aVmDefinedOnTwoMembersGoesToTheOneWhereItRunsWhateverTheAction() {
        threeMembers();
        for (FenceAction action : List.of(FenceAction.STATUS, FenceAction.OFF, FenceAction.ON, FenceAction.REBOOT)) {
            Route route = routeOf(group.request(M1, action, "db"));
            assertEquals(Route.Kind.ACT, route.kind());
            assertEquals(M3, route.actor(), action + " of db, running on node 3 and defined on node 2");
        }
    }

    @Test
    void runningBeatsPausedWhenAVmIsOnInTwoPlaces() {
        group.join(M1, M2);
        group.publish(M1, vm("migrating", VmState.PAUSED));
        group.publish(M2, vm("migrating", VmState.RUNNING));
        assertEquals(M2, routeOf(group.request(M1, FenceAction.OFF, "migrating")).actor());
    }

    @Test
    void aVmDefinedButOffEverywhereGoesToTheLowestMemberSoOnStartsItOnce() {
        threeMembers();
        Route route = routeOf(group.request(M3, FenceAction.ON, "cold"));
        assertEquals(new Route(Route.Kind.ACT, M2, Rule.DEFINED_THERE, route.reason()), route);
    }

    @Test
    void anUnknownVmIsAnsweredByTheHighestMember() {
        threeMembers();
        Route route = routeOf(group.request(M1, FenceAction.OFF, "nowhere"));
        assertEquals(new Route(Route.Kind.ANSWER_UNKNOWN, M3, Rule.NOBODY_HAS_IT, route.reason()), route);
    }

    @Test
    void anUnknownVmIsRefusedWhileAMembersListIsIncomplete() {
        group.join(M1, M2, M3);
        group.publish(M1, running("web"));
        group.publishIncomplete(M2);
        group.publish(M3);
        Route route = routeOf(group.request(M1, FenceAction.STATUS, "nowhere"));
        assertEquals(Route.Kind.REFUSE, route.kind());
        assertEquals(M3, route.actor());
        assertTrue(route.reason().contains("node 2"), route.reason());
    }

    @Test
    void aMemberWithAnIncompleteListStillOwnsTheVmsItListsSoTheyAreNeverCalledOff() {
        group.join(M1, M2);
        group.publishIncomplete(M1, running("web"));
        group.publish(M2, off("web"));
        assertEquals(new Route(Route.Kind.ACT, M1, Rule.RUNS_THERE, "the VM is running there"),
                routeOf(group.request(M2, FenceAction.STATUS, "web")));
    }

    @Test
    void aVmIsFoundByUuidInAnyCaseAndByExactName() {
        threeMembers();
        String upper = Group.uuidOf("app").toUpperCase(java.util.Locale.ROOT);
        assertEquals(M3, routeOf(group.request(M1, FenceAction.STATUS, upper)).actor());
        assertEquals(Route.Kind.ANSWER_UNKNOWN, routeOf(group.request(M1, FenceAction.STATUS, "APP")).kind(),
                "names are case-sensitive, as libvirt's lookup by name");
    }

    @Test
    void inUuidModeANameIsRefusedRatherThanCalledUnknown() {
        Group uuids = new Group(NameMode.UUID);
        uuids.join(M1, M2);
        uuids.publish(M1, running("web"));
        uuids.publish(M2);
        Route byName = routeOf(uuids.request(M1, FenceAction.OFF, "web"));
        assertEquals(Route.Kind.REFUSE, byName.kind());
        assertEquals(M2, byName.actor());
        assertEquals(M1, routeOf(uuids.request(M1, FenceAction.OFF, Group.uuidOf("web"))).actor());
    }

    @Test
    void aVmRemovedFromItsHostsListNoLongerGoesThere() {
        threeMembers();
        group.state.deliver(M3, new GroupEvent.Delta(List.of(), List.of(Group.uuidOf("app")), true, true));
        assertEquals(Route.Kind.ANSWER_UNKNOWN, routeOf(group.request(M1, FenceAction.OFF, "app")).kind());
    }

    @Test
    void aStateChangeMovesTheVmToWhereItRunsNow() {
        threeMembers();
        group.state.deliver(M3, new GroupEvent.Delta(List.of(off("db")), List.of(), true, true));
        group.state.deliver(M2, new GroupEvent.Delta(List.of(running("db")), List.of(), true, true));
        assertEquals(M2, routeOf(group.request(M1, FenceAction.OFF, "db")).actor());
    }
}
