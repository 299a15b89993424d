package org.jfenced.backend.cpg.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jfenced.backend.cpg.state.GroupEvent;
import org.jfenced.backend.cpg.state.MemberId;
import org.jfenced.backend.cpg.state.RequestKey;
import org.jfenced.backend.cpg.state.Route;
import org.jfenced.backend.cpg.state.Rule;
import org.jfenced.backend.cpg.state.SelfFencePromise;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.Test;

class GroupCodecTest {

    private static final MemberId M2 = new MemberId(2, 4242);
    private static final MemberId M3 = new MemberId(3, 77);
    private static final VmInfo WEB = new VmInfo("web", "a1a1a1a1-1111-4111-8111-aaaaaaaaaa01", VmState.RUNNING);
    private static final SelfFencePromise PROMISE = new SelfFencePromise(true, "prod-.*", Duration.ofMillis(7500),
            "two_node");
    private static final VmInfo DB = new VmInfo("db", "a1a1a1a1-1111-4111-8111-aaaaaaaaaa02", VmState.SHUTOFF);

    private static GroupEvent roundTrip(GroupEvent event) throws Exception {
        return GroupCodec.decode(GroupCodec.encode(event));
    }

    @Test
    void everyMessageSurvivesTheWire() throws Exception {
        GroupEvent.Call call = new GroupEvent.Call(Long.MAX_VALUE - 3, FenceAction.REBOOT, "web");
        List<GroupEvent> events = List.of(
                new GroupEvent.Snapshot(-1234567890123L, true, true, false, true, List.of(WEB, DB),
                        List.of(GroupEvent.AbsentNode.orphaned(3, List.of(DB)), new GroupEvent.AbsentNode(4,
                                GroupEvent.Fate.CUT_OFF, List.of(WEB), false, PROMISE, true)),
                        List.of(new GroupEvent.OpenCall(call, Optional.empty(), Set.of()),
                                new GroupEvent.OpenCall(call, Optional.of(new Route(Route.Kind.WAIT, M3,
                                        Rule.AWAITING_SELF_FENCE, "as announced")), Set.of(M2, M3))), PROMISE),
                new GroupEvent.Delta(List.of(WEB), List.of(DB.uuid()), true, false),
                call,
                new GroupEvent.Reply(new RequestKey(M2, 17), FenceResult.OFF),
                new GroupEvent.Decline(new RequestKey(M2, 18), "not in libvirt"),
                new GroupEvent.DeadlinePassed(3, 99),
                new GroupEvent.ConfirmDown(3, "root"));
        for (GroupEvent event : events) {
            assertEquals(event, roundTrip(event));
        }
    }

    @Test
    void aMessageOfAnotherProtocolVersionIsRefused() {
        byte[] newer = GroupMessage.newBuilder().setVersion(GroupCodec.PROTOCOL_VERSION + 1)
                .setDeadlinePassed(DeadlinePassed.newBuilder().setNodeId(3)).build().toByteArray();
        GroupCodec.UnreadableMessage e = assertThrows(GroupCodec.UnreadableMessage.class, () -> GroupCodec.decode(newer));
        assertTrue(e.getMessage().contains("protocol version " + (GroupCodec.PROTOCOL_VERSION + 1)), e.getMessage());
    }

    @Test
    void aCDaemonsMessageIsNotMistakenForOne() {
        // fence_virtd's 16-byte header and 140-byte request: TYPE_REQUEST, seqno 1, NODE_ID_NONE, then a VM name
        byte[] c = new byte[156];
        c[4] = 1;
        c[8] = c[9] = c[10] = c[11] = (byte) 0xff;
        System.arraycopy("vm1".getBytes(), 0, c, 16, 3);
        assertThrows(GroupCodec.UnreadableMessage.class, () -> GroupCodec.decode(c));
    }

    @Test
    void aRequestForAnActionTheGroupDoesNotRouteIsRefused() {
        byte[] hostlist = GroupMessage.newBuilder().setVersion(GroupCodec.PROTOCOL_VERSION)
                .setCall(FenceCall.newBuilder().setRequestId(1).setAction(FenceAction.HOSTLIST.code()).setTarget(""))
                .build().toByteArray();
        assertThrows(GroupCodec.UnreadableMessage.class, () -> GroupCodec.decode(hostlist));
    }
}
