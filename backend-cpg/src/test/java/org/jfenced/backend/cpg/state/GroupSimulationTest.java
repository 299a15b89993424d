package org.jfenced.backend.cpg.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property test: whole groups of replicas driven through random runs — requests from every member,
 * messages delivered late, actors slow, VMs started, stopped and undefined, libvirt lost and back, daemons
 * stopped and started, nodes crashing and rebooting — with the total order corosync guarantees and
 * nothing else. After every step:
 * <ul>
 *   <li>every member holds the same replicated state, and every step gave every member the same decisions;</li>
 *   <li>no request got two accepted replies;</li>
 *   <li>"unknown, so off" was never decided for a VM that runs on a host that is up;</li>
 *   <li>a VM defined on two hosts never ran on both.</li>
 * </ul>
 * At the end, with faults stopped and every message delivered, every request of a live requester has been
 * answered.
 */
class GroupSimulationTest {

    private static final int NODES = 4;
    private static final int STEPS = 400;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 250);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void replicasAgreeAndEveryRequestIsAnsweredOnce(long seed) {
        Simulation sim = new Simulation(new Random(seed));
        try {
            for (int i = 0; i < STEPS; i++) {
                sim.randomStep();
                sim.checkInvariants();
            }
            sim.drain();
            sim.checkInvariants();
            sim.checkEverythingAnswered();
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ", trace:\n" + String.join("\n", sim.trace), e);
        }
    }

    /** One hypervisor host and the jfenced daemon on it, if one runs. */
    private static final class Host {
        final int node;
        boolean up = true;
        boolean libvirtUp = true;
        final Map<String, VmInfo> defined = new TreeMap<>();
        Daemon daemon;

        Host(int node) {
            this.node = node;
        }

        Optional<VmInfo> find(String target) {
            return defined.values().stream()
                    .filter(vm -> vm.name().equals(target) || vm.uuid().equalsIgnoreCase(target)).findFirst();
        }

        void set(String name, VmState state) {
            VmInfo vm = defined.get(name);
            defined.put(name, new VmInfo(name, vm.uuid(), state));
        }
    }

    /** A request as its requester tracks it, for re-announcing it after joins. */
    private static final class Pending {
        final GroupEvent.Call call;
        boolean delivered;
        Optional<Route> route = Optional.empty();
        Set<MemberId> declined = Set.of();

        Pending(GroupEvent.Call call) {
            this.call = call;
        }

        void learn(OpenRequest request) {
            route = request.route();
            declined = request.declined();
        }
    }

    /** A member: its replica, its outgoing messages (delivered later), its pending work. */
    private static final class Daemon {
        final MemberId id;
        final Host host;
        final ClusterState state = new ClusterState(NameMode.NAME);
        final Deque<GroupEvent> outbox = new ArrayDeque<>();
        final Deque<Effect.Assigned> work = new ArrayDeque<>();
        final Map<Long, Pending> pending = new LinkedHashMap<>();
        final Set<RequestKey> handling = new HashSet<>();
        final Set<Integer> nodeGoneSent = new HashSet<>();
        Map<String, VmInfo> published = new HashMap<>();
        boolean informed;
        /** Its libvirt has been listed at least once: its list covers every VM defined on its host. */
        boolean listed;
        boolean publishedReachable;
        long nextRequest = 1;

        Daemon(MemberId id, Host host) {
            this.id = id;
            this.host = host;
        }
    }

    private static final class Simulation {
        final Random random;
        final List<Host> hosts = new ArrayList<>();
        final List<String> trace = new ArrayList<>();
        final Map<RequestKey, Integer> acceptedReplies = new HashMap<>();
        final Map<RequestKey, FenceResult> answersSeenByRequester = new HashMap<>();
        int nextPid = 1000;

        Simulation(Random random) {
            this.random = random;
            for (int n = 1; n <= NODES; n++) {
                Host host = new Host(n);
                for (int v = 1; v <= 3; v++) {
                    define(host, "n" + n + "-vm" + v, random.nextBoolean() ? VmState.RUNNING : VmState.SHUTOFF);
                }
                hosts.add(host);
            }
            // defined on two hosts each, running on at most one
            define(hosts.get(0), "shared-a", VmState.RUNNING);
            define(hosts.get(1), "shared-a", VmState.SHUTOFF);
            define(hosts.get(2), "shared-b", VmState.SHUTOFF);
            define(hosts.get(3), "shared-b", VmState.SHUTOFF);
            for (Host host : hosts) {
                startDaemon(host);
                host.daemon.informed = true;
            }
        }

        private static void define(Host host, String name, VmState state) {
            host.defined.put(name, new VmInfo(name, Group.uuidOf(name), state));
        }

        List<Daemon> daemons() {
            return hosts.stream().filter(h -> h.daemon != null).map(h -> h.daemon).toList();
        }

        List<MemberId> members() {
            return daemons().stream().map(d -> d.id).toList();
        }

        void randomStep() {
            int roll = random.nextInt(100);
            if (roll < 40) {
                deliverOne();
            } else if (roll < 55) {
                newRequest();
            } else if (roll < 70) {
                actOnce();
            } else if (roll < 82) {
                libvirtChange();
            } else if (roll < 86) {
                crashNode();
            } else if (roll < 89) {
                stopDaemon();
            } else if (roll < 95) {
                startDaemonSomewhere();
            } else {
                rebootNode();
            }
            sendNodeGoneIfHighest();
        }

        void deliverOne() {
            List<Daemon> senders = daemons().stream().filter(d -> !d.outbox.isEmpty()).toList();
            if (senders.isEmpty()) {
                return;
            }
            Daemon sender = senders.get(random.nextInt(senders.size()));
            GroupEvent event = sender.outbox.poll();
            trace.add("deliver from " + sender.id + ": " + event);
            List<Daemon> receivers = daemons();
            List<List<Effect>> all = new ArrayList<>();
            for (Daemon d : receivers) {
                all.add(d.state.deliver(sender.id, event));
            }
            if (event instanceof GroupEvent.Call c && sender.pending.containsKey(c.requestId())) {
                sender.pending.get(c.requestId()).delivered = true;
            }
            requireSameDecisions(all);
            if (!all.isEmpty()) {
                countAccepted(all.get(0));
            }
            for (int i = 0; i < receivers.size(); i++) {
                react(receivers.get(i), all.get(i));
            }
            if (event instanceof GroupEvent.NodeGone g) {
                receivers.forEach(d -> d.nodeGoneSent.remove(g.nodeId()));
            }
        }

        void newRequest() {
            List<Daemon> daemons = daemons();
            if (daemons.isEmpty()) {
                return;
            }
            Daemon d = daemons.get(random.nextInt(daemons.size()));
            FenceAction action = List.of(FenceAction.STATUS, FenceAction.OFF, FenceAction.ON, FenceAction.REBOOT)
                    .get(random.nextInt(4));
            List<String> names = new ArrayList<>(List.of("ghost", "shared-a", "shared-b"));
            for (int n = 1; n <= NODES; n++) {
                names.add("n" + n + "-vm" + (1 + random.nextInt(3)));
            }
            String target = names.get(random.nextInt(names.size()));
            if (random.nextInt(4) == 0) {
                target = Group.uuidOf(target);
            }
            GroupEvent.Call call = new GroupEvent.Call(d.nextRequest++, action, target);
            d.pending.put(call.requestId(), new Pending(call));
            d.outbox.add(call);
            trace.add(d.id + " requests " + new RequestKey(d.id, call.requestId()) + " " + call);
        }

        void actOnce() {
            List<Daemon> busy = daemons().stream().filter(d -> !d.work.isEmpty()).toList();
            if (busy.isEmpty()) {
                return;
            }
            Daemon d = busy.get(random.nextInt(busy.size()));
            act(d, d.work.poll());
        }

        void libvirtChange() {
            List<Host> served = hosts.stream().filter(h -> h.up && h.daemon != null).toList();
            if (served.isEmpty()) {
                return;
            }
            Host host = served.get(random.nextInt(served.size()));
            int kind = random.nextInt(10);
            if (kind < 2) {
                host.libvirtUp = !host.libvirtUp;
                trace.add("libvirt on node " + host.node + (host.libvirtUp ? " back" : " down"));
            } else if (kind < 3 && !host.defined.isEmpty()) {
                String name = List.copyOf(host.defined.keySet()).get(random.nextInt(host.defined.size()));
                if (host.defined.get(name).state() == VmState.SHUTOFF) {
                    host.defined.remove(name);
                    trace.add("node " + host.node + " undefines " + name);
                }
            } else if (!host.defined.isEmpty()) {
                String name = List.copyOf(host.defined.keySet()).get(random.nextInt(host.defined.size()));
                boolean on = host.defined.get(name).state().isOn();
                // shared VMs are started only through fencing requests, so that running twice would be the router's fault
                if (on || !name.startsWith("shared")) {
                    host.set(name, on ? VmState.SHUTOFF : VmState.RUNNING);
                    trace.add("node " + host.node + ": " + name + (on ? " stops" : " starts"));
                }
            }
            publishChanges(host.daemon);
        }

        void crashNode() {
            List<Host> up = hosts.stream().filter(h -> h.up).toList();
            if (up.size() <= 1) {
                return;
            }
            Host host = up.get(random.nextInt(up.size()));
            if (host.daemon != null && !informedRemainWithout(host.daemon)) {
                return;
            }
            host.up = false;
            host.defined.replaceAll((name, vm) -> new VmInfo(name, vm.uuid(), VmState.SHUTOFF));
            trace.add("node " + host.node + " crashes");
            if (host.daemon != null) {
                Daemon gone = host.daemon;
                host.daemon = null;
                membershipChange(List.of(), List.of(new Departure(gone.id, true)));
            }
        }

        void stopDaemon() {
            List<Host> served = hosts.stream().filter(h -> h.daemon != null).toList();
            if (served.size() <= 1) {
                return;
            }
            Host host = served.get(random.nextInt(served.size()));
            if (!informedRemainWithout(host.daemon)) {
                return;
            }
            Daemon gone = host.daemon;
            host.daemon = null;
            trace.add("daemon " + gone.id + " stops");
            membershipChange(List.of(), List.of(new Departure(gone.id, false)));
        }

        void startDaemonSomewhere() {
            List<Host> idle = hosts.stream().filter(h -> h.up && h.daemon == null).toList();
            if (!idle.isEmpty()) {
                startDaemon(idle.get(random.nextInt(idle.size())));
            }
        }

        void startDaemon(Host host) {
            host.daemon = new Daemon(new MemberId(host.node, nextPid++), host);
            trace.add("daemon " + host.daemon.id + " joins");
            membershipChange(List.of(host.daemon.id), List.of());
        }

        void rebootNode() {
            List<Host> down = hosts.stream().filter(h -> !h.up).toList();
            if (!down.isEmpty()) {
                Host host = down.get(random.nextInt(down.size()));
                host.up = true;
                host.libvirtUp = true;
                trace.add("node " + host.node + " is back (no daemon yet)");
            }
        }

        /** What the highest member does on a ring change: orphans of a node that is down are void. */
        void sendNodeGoneIfHighest() {
            List<Daemon> daemons = daemons();
            if (daemons.isEmpty()) {
                return;
            }
            Daemon highest = daemons.stream().max(Comparator.comparing(d -> d.id)).get();
            for (int node : highest.state.map().orphanNodes()) {
                if (!hosts.get(node - 1).up && highest.nodeGoneSent.add(node)) {
                    highest.outbox.add(new GroupEvent.NodeGone(node, highest.state.view()));
                }
            }
        }

        /**
         * What the group knows of hosts without a daemon lives in its members. The simulation never takes
         * away the last member that knows it (one that was there before the last join, or has seen everyone
         * publish since): with none left, the group starts from nothing, as a brand-new cluster would.
         */
        boolean informedRemainWithout(Daemon leaving) {
            return daemons().stream().anyMatch(d -> d != leaving && d.informed);
        }

        void membershipChange(List<MemberId> joined, List<Departure> left) {
            List<MemberId> members = members();
            List<Daemon> receivers = daemons();
            List<List<Effect>> all = new ArrayList<>();
            for (Daemon d : receivers) {
                all.add(d.state.membership(members, joined, left));
            }
            requireSameDecisions(all);
            for (int i = 0; i < receivers.size(); i++) {
                react(receivers.get(i), all.get(i));
            }
        }

        void react(Daemon d, List<Effect> effects) {
            for (Effect e : effects) {
                if (e instanceof Effect.Republish r) {
                    republish(d, r);
                } else if (e instanceof Effect.Assigned a) {
                    Pending mine = a.request().key().requester().equals(d.id) ? d.pending.get(a.request().key().id()) : null;
                    if (mine != null) {
                        mine.learn(a.request());
                    }
                    if (a.route().actor().equals(d.id) && d.handling.add(a.request().key())) {
                        checkUnknownIsReallyUnknown(a, d);
                        d.work.add(a);
                    }
                } else if (e instanceof Effect.Answered a) {
                    if (a.key().requester().equals(d.id) && d.pending.remove(a.key().id()) != null) {
                        FenceResult previous = answersSeenByRequester.put(a.key(), a.result());
                        assertEquals(null, previous, "the requester accepted two answers for " + a.key());
                    }
                    if (a.by().equals(d.id)) {
                        d.handling.remove(a.key());
                    }
                }
            }
        }

        void republish(Daemon d, Effect.Republish r) {
            if (d.host.libvirtUp) {
                d.published = new HashMap<>(d.host.defined);
                d.listed = true;
            }
            d.publishedReachable = d.host.libvirtUp;
            List<VmInfo> vms = List.copyOf(d.published.values());
            for (OpenRequest cleared : r.cleared()) {
                Pending mine = cleared.key().requester().equals(d.id) ? d.pending.get(cleared.key().id()) : null;
                if (mine != null) {
                    mine.learn(cleared);
                }
            }
            List<GroupEvent.OpenCall> open = d.pending.values().stream().filter(p -> p.delivered)
                    .map(p -> new GroupEvent.OpenCall(p.call, p.route, p.declined)).toList();
            int chunks = 1 + random.nextInt(3);
            int per = Math.max(1, (vms.size() + chunks - 1) / chunks);
            int from = 0;
            do {
                int to = Math.min(vms.size(), from + per);
                boolean last = to >= vms.size();
                d.outbox.add(new GroupEvent.Snapshot(r.view(), from == 0, last, d.listed, d.publishedReachable,
                        vms.subList(from, to), last ? r.orphans() : List.of(), last ? open : List.of()));
                from = to;
            } while (from < vms.size());
        }

        void publishChanges(Daemon d) {
            if (!d.host.libvirtUp) {
                if (d.publishedReachable) {
                    d.publishedReachable = false;
                    d.outbox.add(new GroupEvent.Delta(List.of(), List.of(), d.listed, false));
                }
                return;
            }
            List<VmInfo> upserted = d.host.defined.values().stream()
                    .filter(vm -> !vm.equals(d.published.get(vm.name()))).toList();
            List<String> removed = d.published.values().stream()
                    .filter(vm -> !d.host.defined.containsKey(vm.name())).map(VmInfo::uuid).toList();
            if (!upserted.isEmpty() || !removed.isEmpty() || !d.listed || !d.publishedReachable) {
                d.outbox.add(new GroupEvent.Delta(upserted, removed, true, true));
                d.published = new HashMap<>(d.host.defined);
                d.listed = true;
                d.publishedReachable = true;
            }
        }

        void act(Daemon d, Effect.Assigned a) {
            OpenRequest request = a.request();
            FenceResult result;
            switch (a.route().kind()) {
                case REFUSE:
                    result = FenceResult.FAIL;
                    break;
                case ANSWER_UNKNOWN:
                    boolean quorate = hosts.stream().filter(h -> h.up).count() * 2 > NODES;
                    result = !quorate ? FenceResult.FAIL : switch (request.action()) {
                        case STATUS -> FenceResult.OFF;
                        case OFF, REBOOT -> FenceResult.SUCCESS;
                        default -> FenceResult.FAIL;
                    };
                    break;
                default:
                    if (!d.host.libvirtUp) {
                        result = FenceResult.FAIL;
                        break;
                    }
                    Optional<VmInfo> vm = d.host.find(request.target());
                    if (vm.isEmpty()) {
                        publishChanges(d);
                        d.outbox.add(new GroupEvent.Decline(request.key(), "not in libvirt"));
                        d.handling.remove(request.key());
                        trace.add(d.id + " declines " + request);
                        return;
                    }
                    result = carryOut(d, request.action(), vm.get());
            }
            trace.add(d.id + " answers " + request + ": " + result);
            d.outbox.add(new GroupEvent.Reply(request.key(), result));
        }

        FenceResult carryOut(Daemon d, FenceAction action, VmInfo vm) {
            switch (action) {
                case STATUS:
                    return vm.state().isOn() ? FenceResult.SUCCESS : FenceResult.OFF;
                case OFF:
                    d.host.set(vm.name(), VmState.SHUTOFF);
                    break;
                case ON:
                    d.host.set(vm.name(), VmState.RUNNING);
                    break;
                default:
                    break;
            }
            publishChanges(d);
            return FenceResult.SUCCESS;
        }

        void checkUnknownIsReallyUnknown(Effect.Assigned a, Daemon actor) {
            if (a.route().kind() != Route.Kind.ANSWER_UNKNOWN) {
                return;
            }
            String target = a.request().target();
            for (Host h : hosts) {
                Optional<VmInfo> vm = h.find(target);
                if (h.up && vm.isPresent() && vm.get().state().isOn()) {
                    fail("decided " + a.request() + " unknown while it runs on node " + h.node + "; the group's state:\n"
                            + digest(actor.state));
                }
            }
        }

        void requireSameDecisions(List<List<Effect>> perMember) {
            if (perMember.isEmpty()) {
                return;
            }
            List<Effect> first = replicated(perMember.get(0));
            first.forEach(e -> trace.add("  -> " + e));
            for (List<Effect> effects : perMember) {
                assertEquals(first, replicated(effects), "members took different decisions");
            }
        }

        /** Republish carries each member's own knowledge; the decisions are what must agree. */
        static List<Effect> replicated(List<Effect> effects) {
            return effects.stream().filter(e -> !(e instanceof Effect.Republish)).toList();
        }

        void countAccepted(List<Effect> effects) {
            for (Effect e : effects) {
                if (e instanceof Effect.Answered a) {
                    int n = acceptedReplies.merge(a.key(), 1, Integer::sum);
                    assertEquals(1, n, "two replies accepted for " + a.key());
                }
            }
        }

        void checkInvariants() {
            for (Daemon d : daemons()) {
                d.informed |= d.state.map().allPublished();
            }
            List<Daemon> daemons = daemons();
            if (!daemons.isEmpty()) {
                String digest = digest(daemons.get(0).state);
                for (Daemon d : daemons) {
                    assertEquals(digest, digest(d.state), "replica of " + d.id + " differs from " + daemons.get(0).id);
                }
            }
            for (String shared : List.of("shared-a", "shared-b")) {
                long running = hosts.stream().filter(h -> h.up)
                        .filter(h -> h.find(shared).map(vm -> vm.state().isOn()).orElse(false)).count();
                assertTrue(running <= 1, shared + " runs on " + running + " hosts");
            }
        }

        void drain() {
            trace.add("--- drain: no more faults ---");
            hosts.stream().filter(h -> h.daemon != null).forEach(h -> {
                if (!h.libvirtUp) {
                    h.libvirtUp = true;
                    publishChanges(h.daemon);
                }
            });
            for (int i = 0; i < 100_000; i++) {
                sendNodeGoneIfHighest();
                if (daemons().stream().anyMatch(d -> !d.outbox.isEmpty())) {
                    deliverOne();
                } else if (daemons().stream().anyMatch(d -> !d.work.isEmpty())) {
                    actOnce();
                } else {
                    return;
                }
                checkInvariants();
            }
            fail("the group did not settle");
        }

        void checkEverythingAnswered() {
            for (Daemon d : daemons()) {
                assertEquals(Map.of(), d.pending, d.id + " still waits");
                assertEquals(List.of(), List.copyOf(d.state.openRequests()), "open requests remain");
            }
        }

        static String digest(ClusterState state) {
            StringBuilder sb = new StringBuilder();
            VmMap map = state.map();
            for (MemberId m : map.members()) {
                sb.append(m).append(map.isPublished(m) ? " published" : " unpublished")
                        .append(map.isComplete(m) ? " complete" : " incomplete")
                        .append(map.isReachable(m) ? " reachable " : " unreachable ")
                        .append(sorted(map.vmsOf(m))).append('\n');
            }
            for (int node : map.orphanNodes()) {
                sb.append("orphans ").append(node).append(' ').append(sorted(map.orphansOf(node))).append('\n');
            }
            state.openRequests().forEach(r -> sb.append(r).append(' ').append(r.declined()).append('\n'));
            return sb.toString();
        }

        static List<VmInfo> sorted(List<VmInfo> vms) {
            return vms.stream().sorted(Comparator.comparing(VmInfo::uuid)).toList();
        }
    }
}
