package org.jfenced.backend.cpg.state;

import static org.jfenced.backend.cpg.state.Group.M1;
import static org.jfenced.backend.cpg.state.Group.M2;
import static org.jfenced.backend.cpg.state.Group.M3;
import static org.jfenced.backend.cpg.state.Group.off;
import static org.jfenced.backend.cpg.state.Group.routeOf;
import static org.jfenced.backend.cpg.state.Group.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jfenced.spi.FenceAction;
import org.junit.jupiter.api.Test;

/**
 * A host that leaves the cluster may have crashed or only been cut off: its VMs are called off only once
 * it is known not to run them — its self-fence deadline passed, or an operator confirmed it down.
 */
class PartitionTest {

    private final Group group = new Group();

    private void threeMembers(SelfFencePromise nodeThree) {
        group.join(M1, M2, M3);
        group.publish(M1, running("web"));
        group.publish(M2, off("db"));
        group.publish(M3, nodeThree, running("db"), running("app"), off("cold"));
    }

    private Route request(FenceAction action, String target) {
        return routeOf(group.request(M1, action, target));
    }

    @Test
    void aCutOffHostsVmIsNotAnsweredBeforeItsSelfFenceDeadlineAndOffAfterIt() {
        threeMembers(Group.PROMISE);
        group.crash(M3);
        Route waiting = request(FenceAction.STATUS, "app");
        assertEquals(new Route(Route.Kind.WAIT, M2, Rule.AWAITING_SELF_FENCE, waiting.reason()), waiting);
        assertEquals(Map.of(3, Group.PROMISE), group.state.awaitedSelfFences());

        List<Effect> effects = group.deadlinePassed(M2, 3);
        assertEquals(Route.Kind.ANSWER_UNKNOWN, routeOf(effects).kind(), "the waiting request is decided again");
        assertEquals(Map.of(), group.state.awaitedSelfFences());
        assertEquals(Route.Kind.ANSWER_UNKNOWN, request(FenceAction.OFF, "cold").kind(), "a VM defined there is off too");
    }

    @Test
    void aVmAlsoDefinedOnALiveMemberIsNotStartedThereBeforeTheDeadline() {
        threeMembers(Group.PROMISE);
        group.crash(M3);
        assertEquals(Route.Kind.WAIT, request(FenceAction.ON, "db").kind());
        Route decided = routeOf(group.deadlinePassed(M2, 3));
        assertEquals(new Route(Route.Kind.ACT, M2, Rule.DEFINED_THERE, decided.reason()), decided);
    }

    @Test
    void aVmNobodyListsIsStillAnsweredAtOnceWhenTheCutOffHostHadListedEverything() {
        threeMembers(Group.PROMISE);
        group.crash(M3);
        assertEquals(Route.Kind.ANSWER_UNKNOWN, request(FenceAction.STATUS, "nowhere").kind());
    }

    @Test
    void aStaleDeadlineNoticeFromBeforeAJoinIsIgnored() {
        threeMembers(Group.PROMISE);
        group.crash(M3);
        long before = group.state.view();
        Effect.Republish republish = (Effect.Republish) group.join(new MemberId(4, 404)).get(0);
        group.state.deliver(M2, new GroupEvent.DeadlinePassed(3, before));
        assertEquals(Set.of(3), group.state.awaitedSelfFences().keySet(), "carried across the join, still awaited");
        assertEquals(GroupEvent.Fate.CUT_OFF, republish.absent().get(0).fate());
    }

    @Test
    void aCutOffHostWhoseDaemonIsBackIsNoLongerAwaitedEvenBeforeItHasPublished() {
        threeMembers(Group.PROMISE);
        group.crash(M3);
        group.join(new MemberId(3, 333));
        assertEquals(Map.of(), group.state.awaitedSelfFences(),
                "a notice measured from the old absence could reach the group after the node left again");
    }

    @Test
    void whatACutOffHostPromisedIsCarriedAcrossAJoin() {
        threeMembers(Group.PROMISE);
        group.crash(M3);
        MemberId m4 = new MemberId(4, 404);
        Effect.Republish republish = (Effect.Republish) group.join(m4).get(0);
        group.state.deliver(M1, new GroupEvent.Snapshot(republish.view(), true, true, true, true, List.of(running("web")),
                republish.absent(), List.of(), Group.PROMISE));
        group.publish(M2, off("db"));
        group.publish(m4);
        assertEquals(Route.Kind.WAIT, request(FenceAction.OFF, "app").kind());
        group.deadlinePassed(m4, 3);
        assertEquals(Route.Kind.ANSWER_UNKNOWN, request(FenceAction.OFF, "app").kind());
    }

    @Test
    void withSelfFenceOffTheVmsAreRefusedUntilAnOperatorConfirmsTheHostDown() {
        threeMembers(new SelfFencePromise(false, "", Duration.ZERO, ""));
        group.crash(M3);
        Route refused = request(FenceAction.OFF, "app");
        assertEquals(new Route(Route.Kind.REFUSE, M2, Rule.NOT_SELF_FENCED, refused.reason()), refused);
        assertTrue(refused.reason().contains("self_fence is off"), refused.reason());
        assertEquals(Map.of(), group.state.awaitedSelfFences(), "nothing to wait for");

        List<Effect> confirmed = group.confirmDown(M1, 3);
        assertTrue(confirmed.contains(new Effect.ConfirmedDown(3, "root", M1)), confirmed.toString());
        assertEquals(Route.Kind.ANSWER_UNKNOWN, request(FenceAction.OFF, "app").kind());
    }

    @Test
    void withTwoNodeACutOffHostMayStayQuorateSoItsVmsAreRefused() {
        threeMembers(new SelfFencePromise(true, "", Duration.ofSeconds(10), "two_node"));
        group.crash(M3);
        Route refused = request(FenceAction.STATUS, "app");
        assertEquals(Rule.NOT_SELF_FENCED, refused.rule());
        assertTrue(refused.reason().contains("two_node"), refused.reason());
        group.deadlinePassed(M2, 3);
        assertEquals(Route.Kind.REFUSE, request(FenceAction.STATUS, "app").kind(), "no deadline makes it safe");
    }

    @Test
    void onlyTheVmsInsideTheSelfFenceScopeAreCalledOffAfterTheDeadline() {
        threeMembers(new SelfFencePromise(true, "a.*", Duration.ofSeconds(10), ""));
        group.crash(M3);
        assertEquals(Route.Kind.WAIT, request(FenceAction.OFF, "app").kind());
        assertEquals(Rule.NOT_SELF_FENCED, request(FenceAction.OFF, "cold").rule(), "outside the scope: refused at once");
        group.deadlinePassed(M2, 3);
        assertEquals(Route.Kind.ANSWER_UNKNOWN, request(FenceAction.OFF, "app").kind());
        assertEquals(Route.Kind.REFUSE, request(FenceAction.OFF, "cold").kind());
        group.confirmDown(M2, 3);
        assertEquals(Route.Kind.ANSWER_UNKNOWN, request(FenceAction.OFF, "cold").kind());
    }

    @Test
    void aHostThatLeftBeforeListingItsLibvirtMakesUnknownVmsWaitOrFail() {
        group.join(M1, M2, M3);
        group.publish(M1, running("web"));
        group.publish(M2);
        group.publishIncomplete(M3, running("app"));
        group.crash(M3);
        assertEquals(Route.Kind.WAIT, request(FenceAction.STATUS, "nowhere").kind(), "it may run there, unseen");
        group.deadlinePassed(M2, 3);
        assertEquals(Route.Kind.ANSWER_UNKNOWN, request(FenceAction.STATUS, "nowhere").kind());
    }

    @Test
    void aHostThatLeftBeforePublishingPromisedNothing() {
        group.join(M1, M2, M3);
        group.publish(M1, running("web"));
        group.publish(M2);
        group.crash(M3);
        assertEquals(Rule.UNSEEN, request(FenceAction.STATUS, "nowhere").rule());
        assertEquals(Map.of(), group.state.awaitedSelfFences());
    }

    @Test
    void aVmRunningOnALiveMemberIsActedOnThereWhateverTheCutOffHostListed() {
        threeMembers(Group.PROMISE);
        group.crash(M3);
        group.state.deliver(M2, new GroupEvent.Delta(List.of(running("db")), List.of(), true, true));
        assertEquals(new Route(Route.Kind.ACT, M2, Rule.RUNS_THERE, "the VM is running there"), request(FenceAction.STATUS, "db"));
    }

    @Test
    void confirmDownOfANodeWithAMemberIsIgnored() {
        threeMembers(Group.PROMISE);
        assertEquals(List.of(), group.confirmDown(M1, 3));
        assertEquals(Route.Kind.ACT, request(FenceAction.OFF, "app").kind());
    }

    @Test
    void whenTheCutOffHostRejoinsItsOwnListReplacesWhatWasKeptForIt() {
        threeMembers(Group.PROMISE);
        group.crash(M3);
        Effect.Republish republish = (Effect.Republish) group.join(M3).get(0);
        group.state.deliver(M1, new GroupEvent.Snapshot(republish.view(), true, true, true, true, List.of(running("web")),
                republish.absent(), List.of(), Group.PROMISE));
        group.publish(M2, off("db"));
        group.publish(M3, off("app"));
        assertEquals(Set.of(), group.state.map().absentNodes());
        assertEquals(Map.of(), group.state.awaitedSelfFences());
        Route route = routeOf(group.request(M2, FenceAction.ON, "app"));
        assertEquals(M3, route.actor());
        assertEquals(Rule.DEFINED_THERE, route.rule());
    }
}
