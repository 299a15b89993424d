package org.jfenced.backend.cpg.state;

import static org.jfenced.backend.cpg.state.Group.M1;
import static org.jfenced.backend.cpg.state.Group.M2;
import static org.jfenced.backend.cpg.state.Group.M3;
import static org.jfenced.backend.cpg.state.Group.answers;
import static org.jfenced.backend.cpg.state.Group.off;
import static org.jfenced.backend.cpg.state.Group.routeOf;
import static org.jfenced.backend.cpg.state.Group.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmInfo;
import org.junit.jupiter.api.Test;

/** A request from its delivery to its one accepted reply, through joins, departures and declines. */
class RequestLifecycleTest {

    private final Group group = Group.ofThreeMembers();

    private RequestKey lastKey(MemberId requester) {
        return new RequestKey(requester, group.lastRequestId());
    }

    @Test
    void theActorsReplyIsAcceptedOnceAndLaterCopiesAreIgnored() {
        group.request(M1, FenceAction.OFF, "app");
        RequestKey key = lastKey(M1);
        List<Effect> first = group.state.deliver(M3, new GroupEvent.Reply(key, FenceResult.SUCCESS));
        assertEquals(List.of(new Effect.Answered(key, FenceResult.SUCCESS, M3, true)), first);
        assertEquals(List.of(), group.state.deliver(M3, new GroupEvent.Reply(key, FenceResult.FAIL)), "duplicate");
        assertTrue(group.state.openRequests().isEmpty());
    }

    @Test
    void aReplyFromAMemberThatIsNotTheActorIsIgnored() {
        group.request(M1, FenceAction.STATUS, "app");
        RequestKey key = lastKey(M1);
        assertEquals(List.of(), group.state.deliver(M2, new GroupEvent.Reply(key, FenceResult.OFF)));
        assertEquals(1, answers(group.state.deliver(M3, new GroupEvent.Reply(key, FenceResult.SUCCESS))).size());
    }

    @Test
    void whenTheActorLeavesTheSurvivorsWaitForItsSelfFenceAndThenTheHighestAnswersForItsVms() {
        group.request(M1, FenceAction.OFF, "app");
        Route waiting = routeOf(group.crash(M3));
        assertEquals(new Route(Route.Kind.WAIT, M2, Rule.AWAITING_SELF_FENCE, waiting.reason()), waiting);
        Route again = routeOf(group.deadlinePassed(M2, 3));
        assertEquals(new Route(Route.Kind.ANSWER_UNKNOWN, M2, Rule.NOBODY_HAS_IT, again.reason()), again);
    }

    @Test
    void whenTheActorLeavesAVmAlsoDefinedElsewhereIsNotStartedThereBeforeItsSelfFence() {
        group.request(M1, FenceAction.ON, "db");
        assertEquals(Route.Kind.WAIT, routeOf(group.crash(M3)).kind(), "db may still run on node 3");
        Route again = routeOf(group.deadlinePassed(M2, 3));
        assertEquals(new Route(Route.Kind.ACT, M2, Rule.DEFINED_THERE, again.reason()), again);
    }

    @Test
    void requestsOfARequesterThatLeftAreDropped() {
        group.request(M1, FenceAction.STATUS, "app");
        group.crash(M1);
        assertTrue(group.state.openRequests().isEmpty());
    }

    @Test
    void aDeclineMakesTheGroupDecideAgainWithoutTheDecliner() {
        group.request(M1, FenceAction.OFF, "app");
        RequestKey key = lastKey(M1);
        group.state.deliver(M3, new GroupEvent.Delta(List.of(), List.of(Group.uuidOf("app")), true, true));
        List<Effect> effects = group.state.deliver(M3, new GroupEvent.Decline(key, "not in libvirt"));
        assertEquals(new Route(Route.Kind.ANSWER_UNKNOWN, M3, Rule.NOBODY_HAS_IT, routeOf(effects).reason()), routeOf(effects));
        assertEquals(Set.of(M3), group.state.openRequests().iterator().next().declined());
    }

    @Test
    void aDeclinerThatStillListsTheVmIsNotChosenAgain() {
        group.request(M1, FenceAction.OFF, "db");
        RequestKey key = lastKey(M1);
        Route route = routeOf(group.state.deliver(M3, new GroupEvent.Decline(key, "not in libvirt")));
        assertEquals(M2, route.actor());
    }

    @Test
    void aJoinWaitsForEveryoneToPublishBeforeDeciding() {
        MemberId m4 = new MemberId(4, 404);
        List<Effect> joinEffects = group.join(m4);
        assertTrue(joinEffects.get(0) instanceof Effect.Republish);
        assertEquals(List.of(), group.request(M1, FenceAction.OFF, "nowhere"), "undecided until all have published");
        group.publish(M1, running("web"));
        group.publish(M2, off("db"));
        assertEquals(List.of(), group.publish(M3, running("db"), running("app")));
        Route route = routeOf(group.publish(m4));
        assertEquals(new Route(Route.Kind.ANSWER_UNKNOWN, m4, Rule.NOBODY_HAS_IT, route.reason()), route);
    }

    /** A member's snapshot for the last join, re-announcing {@code open}. */
    private List<Effect> publishWith(MemberId member, List<GroupEvent.OpenCall> open, VmInfo... vms) {
        return group.state.deliver(member, new GroupEvent.Snapshot(group.state.view(), true, true, true, true,
                List.of(vms), List.of(), open, Group.PROMISE));
    }

    private static GroupEvent.OpenCall reannounced(OpenRequest cleared) {
        return new GroupEvent.OpenCall(new GroupEvent.Call(cleared.key().id(), cleared.action(), cleared.target()),
                cleared.route(), cleared.declined());
    }

    @Test
    void aJoinClearsOpenRequestsAndTheReannouncementKeepsTheActor() {
        group.request(M1, FenceAction.OFF, "app");
        RequestKey key = lastKey(M1);
        MemberId m4 = new MemberId(4, 404);
        Effect.Republish republish = (Effect.Republish) group.join(m4).get(0);
        OpenRequest cleared = republish.cleared().get(0);
        assertEquals(key, cleared.key());
        assertTrue(group.state.openRequests().isEmpty());

        List<Effect> again = publishWith(M1, List.of(reannounced(cleared)), running("web"));
        assertEquals(M3, routeOf(again).actor(), "kept by node 3 although node 3 has not published yet");
        assertEquals(List.of(new Effect.Answered(key, FenceResult.SUCCESS, M3, true)),
                group.state.deliver(M3, new GroupEvent.Reply(key, FenceResult.SUCCESS)));
    }

    @Test
    void aReplyThatOvertakesTheReannouncementClosesTheRequestForGood() {
        group.request(M1, FenceAction.OFF, "app");
        RequestKey key = lastKey(M1);
        Effect.Republish republish = (Effect.Republish) group.join(new MemberId(4, 404)).get(0);
        assertEquals(List.of(new Effect.Answered(key, FenceResult.SUCCESS, M3, false)),
                group.state.deliver(M3, new GroupEvent.Reply(key, FenceResult.SUCCESS)));
        assertEquals(List.of(), publishWith(M1, List.of(reannounced(republish.cleared().get(0))), running("web")));
        assertTrue(group.state.openRequests().isEmpty());
    }

    @Test
    void aSnapshotThatReachesTheGroupAfterALaterJoinIsStaleWithItsRequests() {
        group.request(M1, FenceAction.REBOOT, "app");
        RequestKey key = lastKey(M1);
        Effect.Republish first = (Effect.Republish) group.join(new MemberId(4, 404)).get(0);
        group.state.deliver(M3, new GroupEvent.Reply(key, FenceResult.SUCCESS));
        Effect.Republish second = (Effect.Republish) group.join(new MemberId(5, 505)).get(0);
        assertTrue(first.view() != second.view());
        assertEquals(List.of(), group.state.deliver(M1, new GroupEvent.Snapshot(first.view(), true, true, true, true,
                List.of(running("web")), List.of(), List.of(reannounced(first.cleared().get(0))), Group.PROMISE)),
                "answered before the second join: must not reboot again");
        assertTrue(group.state.openRequests().isEmpty());
        assertFalse(group.state.map().isPublished(M1));
    }

    @Test
    void aSecondRequestForAVmGoesWhereTheFirstIsBeingCarriedOut() {
        group.request(M1, FenceAction.ON, "db");
        assertEquals(M3, routeOf(group.request(M2, FenceAction.ON, Group.uuidOf("db"))).actor());
        group.state.deliver(M3, new GroupEvent.Delta(List.of(off("db")), List.of(), true, true));
        assertEquals(M3, routeOf(group.request(M2, FenceAction.ON, "db")).actor(),
                "node 3 is still on it, although the map now says db is off there and defined on node 2");
    }

    @Test
    void theSameCallDeliveredTwiceIsOneRequest() {
        group.request(M1, FenceAction.STATUS, "web");
        RequestKey key = lastKey(M1);
        assertEquals(List.of(), group.state.deliver(M1, new GroupEvent.Call(key.id(), FenceAction.STATUS, "web")));
        assertEquals(1, group.state.openRequests().size());
        assertFalse(group.state.openRequests().isEmpty());
    }
}
