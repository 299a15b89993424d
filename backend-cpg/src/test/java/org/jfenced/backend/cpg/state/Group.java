package org.jfenced.backend.cpg.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;

/** Builds event sequences for one replica of {@link ClusterState}, in the words of the tests. */
final class Group {

    static final MemberId M1 = new MemberId(1, 101);
    static final MemberId M2 = new MemberId(2, 202);
    static final MemberId M3 = new MemberId(3, 303);
    /** Every member's promise unless a test says otherwise: every VM destroyed within 10 s when cut off. */
    static final SelfFencePromise PROMISE = new SelfFencePromise(true, "", Duration.ofSeconds(10), "");

    final ClusterState state;
    private final List<MemberId> members = new ArrayList<>();
    private long nextRequest = 1;

    Group(NameMode mode) {
        this.state = new ClusterState(mode);
    }

    Group() {
        this(NameMode.NAME);
    }

    /** Members 1 to 3 joined and published: web runs on 1, db is off on 2 and runs on 3, app runs on 3. */
    static Group ofThreeMembers() {
        Group group = new Group();
        group.join(M1, M2, M3);
        group.publish(M1, running("web"));
        group.publish(M2, off("db"));
        group.publish(M3, running("db"), running("app"));
        return group;
    }

    static VmInfo vm(String name, VmState state) {
        return new VmInfo(name, uuidOf(name), state);
    }

    static VmInfo running(String name) {
        return vm(name, VmState.RUNNING);
    }

    static VmInfo off(String name) {
        return vm(name, VmState.SHUTOFF);
    }

    /** A stable UUID per name, so tests can name VMs either way. */
    static String uuidOf(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    List<Effect> join(MemberId... joining) {
        members.addAll(Arrays.asList(joining));
        return state.membership(List.copyOf(members), Arrays.asList(joining), List.of());
    }

    /** The member's node left the ring: crashed or cut off, the group cannot tell which. */
    List<Effect> crash(MemberId member) {
        members.remove(member);
        return state.membership(List.copyOf(members), List.of(), List.of(new Departure(member, true)));
    }

    List<Effect> daemonStops(MemberId member) {
        members.remove(member);
        return state.membership(List.copyOf(members), List.of(), List.of(new Departure(member, false)));
    }

    /** Corosync reports the ring's nodes, members of the group or not. */
    void ring(Integer... nodeIds) {
        state.ring(Arrays.asList(nodeIds));
    }

    List<Effect> publish(MemberId member, VmInfo... vms) {
        return publish(member, PROMISE, vms);
    }

    List<Effect> publish(MemberId member, SelfFencePromise promise, VmInfo... vms) {
        return state.deliver(member, new GroupEvent.Snapshot(state.view(), true, true, true, true, List.of(vms),
                List.of(), List.of(), promise));
    }

    List<Effect> publishIncomplete(MemberId member, VmInfo... vms) {
        return state.deliver(member, new GroupEvent.Snapshot(state.view(), true, true, false, false, List.of(vms),
                List.of(), List.of(), PROMISE));
    }

    /** {@code sender}, the highest member of a quorate partition, measured node {@code node}'s deadline out. */
    List<Effect> deadlinePassed(MemberId sender, int node) {
        return state.deliver(sender, new GroupEvent.DeadlinePassed(node, state.view()));
    }

    List<Effect> confirmDown(MemberId sender, int node) {
        return state.deliver(sender, new GroupEvent.ConfirmDown(node, "root"));
    }

    List<Effect> request(MemberId requester, FenceAction action, String target) {
        return state.deliver(requester, new GroupEvent.Call(nextRequest++, action, target));
    }

    long lastRequestId() {
        return nextRequest - 1;
    }

    static Route routeOf(List<Effect> effects) {
        List<Route> routes = effects.stream().filter(e -> e instanceof Effect.Assigned)
                .map(e -> ((Effect.Assigned) e).route()).toList();
        if (routes.size() != 1) {
            throw new AssertionError("expected one assignment, got " + effects);
        }
        return routes.get(0);
    }

    static List<Effect.Answered> answers(List<Effect> effects) {
        return effects.stream().filter(e -> e instanceof Effect.Answered).map(e -> (Effect.Answered) e).toList();
    }
}
