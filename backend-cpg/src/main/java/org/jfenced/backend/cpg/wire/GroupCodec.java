package org.jfenced.backend.cpg.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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

/** Group messages to and from their protobuf form ({@code cpg_group.proto}). */
public final class GroupCodec {

    /**
     * Raised only for changes old members would misread; see the proto file. 2: nodes that left are absent
     * nodes awaiting their self-fence, not forgotten; a member of version 1 would call their VMs off at once.
     */
    public static final int PROTOCOL_VERSION = 2;

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
                    .addAllAbsent(s.absent().stream().map(GroupCodec::absent).toList())
                    .addAllOpenCalls(s.openCalls().stream().map(GroupCodec::openCall).toList())
                    .setPromise(promise(s.promise())));
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
        } else if (event instanceof GroupEvent.DeadlinePassed p) {
            message.setDeadlinePassed(DeadlinePassed.newBuilder().setNodeId(p.nodeId()).setView(p.view()));
        } else if (event instanceof GroupEvent.ConfirmDown c) {
            message.setConfirmDown(ConfirmDown.newBuilder().setNodeId(c.nodeId()).setOperator(c.operator()));
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
                List<GroupEvent.AbsentNode> absent = new ArrayList<>();
                for (AbsentNode a : s.getAbsentList()) {
                    absent.add(absent(a));
                }
                List<GroupEvent.OpenCall> open = new ArrayList<>();
                for (OpenCall o : s.getOpenCallsList()) {
                    open.add(openCall(o));
                }
                return new GroupEvent.Snapshot(s.getView(), s.getFirst(), s.getLast(), s.getComplete(), s.getReachable(),
                        vms(s.getVmsList()), absent, open, promise(s.getPromise()));
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
            case DEADLINE_PASSED:
                return new GroupEvent.DeadlinePassed(message.getDeadlinePassed().getNodeId(),
                        message.getDeadlinePassed().getView());
            case CONFIRM_DOWN:
                return new GroupEvent.ConfirmDown(message.getConfirmDown().getNodeId(), message.getConfirmDown().getOperator());
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
        o.route().ifPresent(r -> b.setActor(member(r.actor())).setRouteKind(r.kind().ordinal()).setRule(r.rule().ordinal()));
        return b.build();
    }

    private static GroupEvent.OpenCall openCall(OpenCall o) throws UnreadableMessage {
        Optional<Route> route = Optional.empty();
        if (o.hasActor()) {
            int kind = o.getRouteKind();
            if (kind < 0 || kind >= Route.Kind.values().length) {
                throw new UnreadableMessage("an open request with route kind " + kind);
            }
            int rule = o.getRule();
            if (rule < 0 || rule >= Rule.values().length) {
                throw new UnreadableMessage("an open request with rule " + rule);
            }
            route = Optional.of(new Route(Route.Kind.values()[kind], member(o.getActor()), Rule.values()[rule], "as announced"));
        }
        Set<MemberId> declined = new TreeSet<>();
        o.getDeclinedList().forEach(m -> declined.add(member(m)));
        return new GroupEvent.OpenCall(call(o.getCall()), route, declined);
    }

    private static org.jfenced.backend.cpg.wire.SelfFencePromise promise(SelfFencePromise p) {
        return org.jfenced.backend.cpg.wire.SelfFencePromise.newBuilder().setEnabled(p.enabled()).setScope(p.scope())
                .setTimeoutMs(p.timeout().toMillis()).setVoidedBy(p.voidedBy()).build();
    }

    private static SelfFencePromise promise(org.jfenced.backend.cpg.wire.SelfFencePromise p) throws UnreadableMessage {
        if (p.getTimeoutMs() < 0) {
            throw new UnreadableMessage("a self-fence timeout of " + Long.toUnsignedString(p.getTimeoutMs()) + " ms");
        }
        return new SelfFencePromise(p.getEnabled(), p.getScope(), Duration.ofMillis(p.getTimeoutMs()), p.getVoidedBy());
    }

    private static AbsentNode absent(GroupEvent.AbsentNode a) {
        return AbsentNode.newBuilder().setNodeId(a.nodeId()).addAllVms(a.vms().stream().map(GroupCodec::vm).toList())
                .setFate(a.fate().ordinal()).setComplete(a.complete()).setPromise(promise(a.promise()))
                .setDeadlinePassed(a.deadlinePassed()).build();
    }

    private static GroupEvent.AbsentNode absent(AbsentNode a) throws UnreadableMessage {
        if (a.getFate() < 0 || a.getFate() >= GroupEvent.Fate.values().length) {
            throw new UnreadableMessage("an absent node with fate " + a.getFate());
        }
        return new GroupEvent.AbsentNode(a.getNodeId(), GroupEvent.Fate.values()[a.getFate()], vms(a.getVmsList()),
                a.getComplete(), promise(a.getPromise()), a.getDeadlinePassed());
    }

    private static FenceResult result(int code) throws UnreadableMessage {
        try {
            return FenceResult.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw new UnreadableMessage("a reply with result " + code);
        }
    }
}
