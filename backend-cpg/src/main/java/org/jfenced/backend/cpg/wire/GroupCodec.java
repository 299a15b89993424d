package org.jfenced.backend.cpg.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jfenced.backend.cpg.state.GroupEvent;
import org.jfenced.backend.cpg.state.MemberId;
import org.jfenced.backend.cpg.state.RequestKey;
import org.jfenced.backend.cpg.state.Route;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;

/** Group messages to and from their protobuf form ({@code cpg_group.proto}). */
public final class GroupCodec {

    /** Raised only for changes old members would misread; see the proto file. */
    public static final int PROTOCOL_VERSION = 1;

    private static final List<FenceAction> ROUTABLE = List.of(FenceAction.OFF, FenceAction.REBOOT, FenceAction.ON,
            FenceAction.STATUS);

    private GroupCodec() {
    }

    /** A message the group cannot use: malformed, or of a protocol version this member does not speak. */
    public static final class UnreadableMessage extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableMessage(String message) {
            super(message);
        }
    }

    public static byte[] encode(GroupEvent event) {
        GroupMessage.Builder message = GroupMessage.newBuilder().setVersion(PROTOCOL_VERSION);
        if (event instanceof GroupEvent.Snapshot s) {
            message.setSnapshot(VmSnapshot.newBuilder()
                    .setView(s.view()).setFirst(s.first()).setLast(s.last())
                    .setComplete(s.complete()).setReachable(s.reachable())
                    .addAllVms(s.vms().stream().map(GroupCodec::vm).toList())
                    .addAllOrphans(s.orphans().stream().map(o -> Orphans.newBuilder().setNodeId(o.nodeId())
                            .addAllVms(o.vms().stream().map(GroupCodec::vm).toList()).build()).toList())
                    .addAllOpenCalls(s.openCalls().stream().map(GroupCodec::openCall).toList()));
        } else if (event instanceof GroupEvent.Delta d) {
            message.setDelta(VmDelta.newBuilder()
                    .addAllUpserted(d.upserted().stream().map(GroupCodec::vm).toList())
                    .addAllRemovedUuids(d.removedUuids())
                    .setComplete(d.complete()).setReachable(d.reachable()));
        } else if (event instanceof GroupEvent.Call c) {
            message.setCall(call(c));
        } else if (event instanceof GroupEvent.Reply r) {
            message.setReply(FenceReply.newBuilder().setRequester(member(r.key().requester()))
                    .setRequestId(r.key().id()).setResult(r.result().code()));
        } else if (event instanceof GroupEvent.Decline d) {
            message.setDecline(FenceDecline.newBuilder().setRequester(member(d.key().requester()))
                    .setRequestId(d.key().id()).setReason(d.reason()));
        } else if (event instanceof GroupEvent.NodeGone g) {
            message.setNodeGone(org.jfenced.backend.cpg.wire.NodeGone.newBuilder().setNodeId(g.nodeId()).setView(g.view()));
        }
        return message.build().toByteArray();
    }

    public static GroupEvent decode(byte[] bytes) throws UnreadableMessage {
        GroupMessage message;
        try {
            message = GroupMessage.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new UnreadableMessage("not a group message (" + bytes.length + " bytes): " + e.getMessage());
        }
        if (message.getVersion() != PROTOCOL_VERSION) {
            throw new UnreadableMessage("protocol version " + message.getVersion() + ", this member speaks "
                    + PROTOCOL_VERSION);
        }
        switch (message.getBodyCase()) {
            case SNAPSHOT: {
                VmSnapshot s = message.getSnapshot();
                List<GroupEvent.OrphanList> orphans = new ArrayList<>();
                for (Orphans o : s.getOrphansList()) {
                    orphans.add(new GroupEvent.OrphanList(o.getNodeId(), vms(o.getVmsList())));
                }
                List<GroupEvent.OpenCall> open = new ArrayList<>();
                for (OpenCall o : s.getOpenCallsList()) {
                    open.add(openCall(o));
                }
                return new GroupEvent.Snapshot(s.getView(), s.getFirst(), s.getLast(), s.getComplete(), s.getReachable(),
                        vms(s.getVmsList()), orphans, open);
            }
            case DELTA: {
                VmDelta d = message.getDelta();
                return new GroupEvent.Delta(vms(d.getUpsertedList()), d.getRemovedUuidsList(), d.getComplete(),
                        d.getReachable());
            }
            case CALL:
                return call(message.getCall());
            case REPLY: {
                FenceReply r = message.getReply();
                return new GroupEvent.Reply(new RequestKey(member(r.getRequester()), r.getRequestId()), result(r.getResult()));
            }
            case DECLINE: {
                FenceDecline d = message.getDecline();
                return new GroupEvent.Decline(new RequestKey(member(d.getRequester()), d.getRequestId()), d.getReason());
            }
            case NODE_GONE:
                return new GroupEvent.NodeGone(message.getNodeGone().getNodeId(), message.getNodeGone().getView());
            default:
                throw new UnreadableMessage("a version " + PROTOCOL_VERSION + " message without a body this member knows");
        }
    }

    private static Vm vm(VmInfo vm) {
        return Vm.newBuilder().setName(vm.name()).setUuid(vm.uuid()).setState(vm.state().code()).build();
    }

    private static List<VmInfo> vms(List<Vm> vms) {
        List<VmInfo> list = new ArrayList<>(vms.size());
        for (Vm vm : vms) {
            list.add(new VmInfo(vm.getName(), vm.getUuid(), VmState.fromCode(vm.getState())));
        }
        return list;
    }

    private static Member member(MemberId id) {
        return Member.newBuilder().setNodeId(id.nodeId()).setPid(id.pid()).build();
    }

    private static MemberId member(Member m) {
        return new MemberId(m.getNodeId(), m.getPid());
    }

    private static FenceCall call(GroupEvent.Call c) {
        return FenceCall.newBuilder().setRequestId(c.requestId()).setAction(c.action().code()).setTarget(c.target()).build();
    }

    private static GroupEvent.Call call(FenceCall c) throws UnreadableMessage {
        FenceAction action = FenceAction.fromCode(c.getAction());
        if (action == null || !ROUTABLE.contains(action)) {
            throw new UnreadableMessage("a request with action " + c.getAction() + ", which the group does not route");
        }
        return new GroupEvent.Call(c.getRequestId(), action, c.getTarget());
    }

    private static OpenCall openCall(GroupEvent.OpenCall o) {
        OpenCall.Builder b = OpenCall.newBuilder().setCall(call(o.call()))
                .addAllDeclined(o.declined().stream().sorted().map(GroupCodec::member).toList());
        o.route().ifPresent(r -> b.setActor(member(r.actor())).setRouteKind(r.kind().ordinal()));
        return b.build();
    }

    private static GroupEvent.OpenCall openCall(OpenCall o) throws UnreadableMessage {
        Optional<Route> route = Optional.empty();
        if (o.hasActor()) {
            int kind = o.getRouteKind();
            if (kind < 0 || kind >= Route.Kind.values().length) {
                throw new UnreadableMessage("an open request with route kind " + kind);
            }
            route = Optional.of(new Route(Route.Kind.values()[kind], member(o.getActor()), "as announced"));
        }
        Set<MemberId> declined = new TreeSet<>();
        o.getDeclinedList().forEach(m -> declined.add(member(m)));
        return new GroupEvent.OpenCall(call(o.getCall()), route, declined);
    }

    private static FenceResult result(int code) throws UnreadableMessage {
        try {
            return FenceResult.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw new UnreadableMessage("a reply with result " + code);
        }
    }
}
