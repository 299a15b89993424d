package org.jfenced.backend.cpg.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
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
import java.util.function.Predicate;
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
 * stopped and started, nodes crashing and rebooting, nodes cut off (their VMs run on) and healed, cut-off
 * nodes destroying their VMs as promised, self-fence deadlines passing, operators confirming nodes down,
 * hosts in the ring without a daemon starting and stopping VMs nobody is told of — with the total order
 * corosync guarantees and nothing else. Corosync reports the ring (the hosts that are up and not cut off)
 * after every membership change and whenever a host boots. The group simulated is the partition the
 * test looks at; a cut-off node's daemon is outside it until it heals. Each host makes one of the promises
 * a daemon can make: self-fence every VM, only some, none, or a void one (two_node). After every step:
 * <ul>
 *   <li>every member holds the same replicated state, and every step gave every member the same decisions;</li>
 *   <li>no request got two accepted replies;</li>
 *   <li>"unknown, so off" was never decided, nor answered OFF or success, for a VM that runs on a host that
 *       is up — a cut-off host included;</li>
 *   <li>a VM defined on two hosts never ran on both.</li>
 * </ul>
 * At the end, with faults stopped, cut-off nodes healed and every message delivered, every request of a
 * live requester has been answered.
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
        final SelfFencePromise promise;
        boolean up = true;
        boolean libvirtUp = true;
        final Map<String, VmInfo> defined = new TreeMap<>();
        Daemon daemon;
        /** While the node is cut off: its daemon, alive on the other side of the partition. */
        Daemon cutOff;
        boolean selfFenced;

        Host(int node, SelfFencePromise promise) {
            this.node = node;
            this.promise = promise;
        }

        /** What the daemon does when cut off and inquorate: destroys the VMs its promise covers. */
        void selfFence() {
            if (promise.holds() && !selfFenced) {
                defined.replaceAll((name, vm) -> promise.covers(name) ? new VmInfo(name, vm.uuid(), VmState.SHUTOFF) : vm);
                selfFenced = true;
            }
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
        ClusterState state = new ClusterState(NameMode.NAME);
        final Deque<GroupEvent> outbox = new ArrayDeque<>();
        final Deque<Effect.Assigned> work = new ArrayDeque<>();
        final Map<Long, Pending> pending = new LinkedHashMap<>();
        final Set<RequestKey> handling = new HashSet<>();
        /** Self-fence deadline notices sent and not yet delivered, as node@view. */
        final Set<String> deadlinesSent = new HashSet<>();
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

        /**
         * Back from the other side of a partition: what it knew there and what it was doing there stay
         * there (its requests were answered FAIL by their timeout); it joins afresh, keeping its request ids.
         */
        void rejoinAfterHeal() {
            state = new ClusterState(NameMode.NAME);
            outbox.clear();
            work.clear();
            pending.clear();
            handling.clear();
            deadlinesSent.clear();
            informed = false;
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
                Host host = new Host(n, randomPromise());
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

        private SelfFencePromise randomPromise() {
            int roll = random.nextInt(10);
            Duration timeout = Duration.ofSeconds(10);
            if (roll < 6) {
                return new SelfFencePromise(true, "", timeout, "");
            } else if (roll < 7) {
                return new SelfFencePromise(true, "n[12]-vm.*|shared-a", timeout, "");
            } else if (roll < 9) {
                return new SelfFencePromise(false, "", timeout, "");
            }
            return new SelfFencePromise(true, "", timeout, "two_node");
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
            if (roll < 38) {
                deliverOne();
            } else if (roll < 40) {
                hostWithoutDaemonChangesAVm();
            } else if (roll < 55) {
                newRequest();
            } else if (roll < 70) {
                actOnce();
            } else if (roll < 80) {
                libvirtChange();
            } else if (roll < 83) {
                crashNode();
            } else if (roll < 85) {
                stopDaemon();
            } else if (roll < 89) {
                startDaemonSomewhere();
            } else if (roll < 91) {
                rebootNode();
            } else if (roll < 93) {
                cutNode();
            } else if (roll < 95) {
                healNode();
            } else if (roll < 97) {
                deadlinesPass();
            } else if (roll < 98) {
                cutNodeSelfFences();
            } else {
                operatorConfirmsDown();
            }
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
            if (event instanceof GroupEvent.DeadlinePassed p) {
                sender.deadlinesSent.remove(p.nodeId() + "@" + p.view());
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

        /**
         * A host in the ring runs no daemon (it rebooted, or its daemon stopped) and a VM of it starts or stops
         * there unseen: autostart, or an administrator's virsh.
         */
        void hostWithoutDaemonChangesAVm() {
            List<Host> unserved = hosts.stream().filter(h -> h.up && h.daemon == null && h.cutOff == null).toList();
            if (unserved.isEmpty()) {
                return;
            }
            Host host = unserved.get(random.nextInt(unserved.size()));
            // shared VMs are started only through fencing requests, so that running twice would be the router's fault
            List<String> own = host.defined.keySet().stream().filter(n -> !n.startsWith("shared")).toList();
            if (!own.isEmpty()) {
                String name = own.get(random.nextInt(own.size()));
                boolean on = host.defined.get(name).state().isOn();
                host.set(name, on ? VmState.SHUTOFF : VmState.RUNNING);
                trace.add("node " + host.node + " (no daemon): " + name + (on ? " stops" : " starts"));
            }
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
            host.cutOff = null;
            host.selfFenced = false;
            host.defined.replaceAll((name, vm) -> new VmInfo(name, vm.uuid(), VmState.SHUTOFF));
            trace.add("node " + host.node + " crashes");
            if (host.daemon != null) {
                Daemon gone = host.daemon;
                host.daemon = null;
                membershipChange(List.of(), List.of(new Departure(gone.id, true)));
            }
        }

        /** A host whose daemon may leave the group: not the last, nor the last that knows the group's past. */
        Optional<Host> hostWhoseDaemonMayLeave() {
            List<Host> served = hosts.stream().filter(h -> h.daemon != null).toList();
            if (served.size() <= 1) {
                return Optional.empty();
            }
            Host host = served.get(random.nextInt(served.size()));
            return informedRemainWithout(host.daemon) ? Optional.of(host) : Optional.empty();
        }

        void stopDaemon() {
            daemonLeaves(false);
        }

        void startDaemonSomewhere() {
            List<Host> idle = hosts.stream().filter(h -> h.up && h.daemon == null && h.cutOff == null).toList();
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
                reportRing();
            }
        }

        /** The link of a node whose daemon is a member breaks: the node and its VMs run on, out of the group. */
        void cutNode() {
            daemonLeaves(true);
        }

        /** The daemon of a host whose daemon may leave goes: stopped, or cut off with its node. */
        private void daemonLeaves(boolean cut) {
            Optional<Host> leaving = hostWhoseDaemonMayLeave();
            if (leaving.isEmpty()) {
                return;
            }
            Host host = leaving.get();
            Daemon gone = host.daemon;
            host.daemon = null;
            if (cut) {
                host.cutOff = gone;
                trace.add("node " + host.node + " is cut off (" + host.promise + ")");
            } else {
                trace.add("daemon " + gone.id + " stops");
            }
            membershipChange(List.of(), List.of(new Departure(gone.id, cut)));
        }

        /** The cut-off node's daemon, inquorate, destroys what it promised to; some time after the cut. */
        void cutNodeSelfFences() {
            List<Host> cut = hosts.stream().filter(h -> h.cutOff != null && !h.selfFenced && h.promise.holds()).toList();
            if (!cut.isEmpty()) {
                Host host = cut.get(random.nextInt(cut.size()));
                host.selfFence();
                trace.add("node " + host.node + " self-fences: " + host.defined.values());
            }
        }

        /** The link heals: the cut-off daemon joins the group again, as after a partition merge. */
        void healNode() {
            List<Host> cut = hosts.stream().filter(h -> h.cutOff != null).toList();
            if (cut.isEmpty()) {
                return;
            }
            Host host = cut.get(random.nextInt(cut.size()));
            host.daemon = host.cutOff;
            host.cutOff = null;
            host.selfFenced = false;
            host.daemon.rejoinAfterHeal();
            trace.add("node " + host.node + " heals; daemon " + host.daemon.id + " joins again");
            membershipChange(List.of(host.daemon.id), List.of());
        }

        /**
         * Time passes: the highest member of a quorate partition tells the group of every self-fence deadline
         * its replica awaits. By then a cut-off node that promised has destroyed its VMs — that is what
         * the deadline (timeout plus the split skew) guarantees, and the simulation takes as given.
         */
        void deadlinesPass() {
            List<Daemon> daemons = daemons();
            if (daemons.isEmpty() || !quorate()) {
                return;
            }
            Daemon highest = daemons.stream().max(Comparator.comparing(d -> d.id)).get();
            for (int node : highest.state.awaitedSelfFences().keySet()) {
                Host host = hosts.get(node - 1);
                if (host.cutOff != null) {
                    host.selfFence();
                }
                if (highest.deadlinesSent.add(node + "@" + highest.state.view())) {
                    trace.add(highest.id + ": the self-fence deadline of node " + node + " has passed");
                    highest.outbox.add(new GroupEvent.DeadlinePassed(node, highest.state.view()));
                }
            }
        }

        /**
         * An operator confirms a node down — one that really is down, as an operator checks before; now and
         * then one with a member, which the group must ignore.
         */
        void operatorConfirmsDown() {
            List<Daemon> daemons = daemons();
            if (daemons.isEmpty()) {
                return;
            }
            Daemon sender = daemons.get(random.nextInt(daemons.size()));
            List<Integer> down = hosts.stream().filter(h -> !h.up).map(h -> h.node).toList();
            int node = random.nextInt(5) == 0 || down.isEmpty() ? sender.host.node : down.get(random.nextInt(down.size()));
            trace.add("operator at " + sender.id + " confirms node " + node + " down");
            sender.outbox.add(new GroupEvent.ConfirmDown(node, "operator"));
        }

        /** The simulated partition holds a majority of the nodes. */
        boolean quorate() {
            return hosts.stream().filter(h -> h.up && h.cutOff == null).count() * 2 > NODES;
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
            reportRing();
        }

        /** Corosync tells every member the ring's nodes: after each membership change, and to a newcomer. */
        void reportRing() {
            List<Integer> ring = hosts.stream().filter(h -> h.up && h.cutOff == null).map(h -> h.node).toList();
            daemons().forEach(d -> d.state.ring(ring));
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
                    if (a.route().kind() != Route.Kind.WAIT && a.route().actor().equals(d.id)
                            && d.handling.add(a.request().key())) {
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
            // what a daemon does: a snapshot still unsent answers an earlier join, possibly of the same membership
            d.outbox.removeIf(e -> e instanceof GroupEvent.Snapshot);
            List<GroupEvent.OpenCall> open = d.pending.values().stream().filter(p -> p.delivered)
                    .map(p -> new GroupEvent.OpenCall(p.call, p.route, p.declined)).toList();
            int chunks = 1 + random.nextInt(3);
            int per = Math.max(1, (vms.size() + chunks - 1) / chunks);
            int from = 0;
            do {
                int to = Math.min(vms.size(), from + per);
                boolean last = to >= vms.size();
                d.outbox.add(new GroupEvent.Snapshot(r.view(), from == 0, last, d.listed, d.publishedReachable,
                        vms.subList(from, to), last ? r.absent() : List.of(), last ? open : List.of(), d.host.promise));
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
                    result = !quorate() ? FenceResult.FAIL : switch (request.action()) {
                        case STATUS -> FenceResult.OFF;
                        case OFF, REBOOT -> FenceResult.SUCCESS;
                        default -> FenceResult.FAIL;
                    };
                    if (result != FenceResult.FAIL) {
                        requireRunningOnNoCutOffHost(request, result, d);
                    }
                    break;
                case WAIT:
                    throw new AssertionError("nobody acts on a request that waits: " + request);
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

        /** The invariant the whole design serves: never OFF or success for a VM that some live host still runs. */
        void checkUnknownIsReallyUnknown(Effect.Assigned a, Daemon actor) {
            if (a.route().kind() == Route.Kind.ANSWER_UNKNOWN) {
                requireRunningNowhere(a.request(), "decided unknown", actor, h -> h.up);
            }
        }

        /**
         * When the answer leaves, again for the hosts outside the group. (A host in the group may have started
         * the VM since the decision, by a request that came later: that answer was true when decided.)
         */
        void requireRunningOnNoCutOffHost(OpenRequest request, FenceResult result, Daemon actor) {
            requireRunningNowhere(request, result, actor, h -> h.cutOff != null);
        }

        void requireRunningNowhere(OpenRequest request, Object what, Daemon actor, Predicate<Host> hostsToCheck) {
            for (Host h : hosts) {
                Optional<VmInfo> vm = h.find(request.target());
                if (hostsToCheck.test(h) && vm.isPresent() && vm.get().state().isOn()) {
                    fail(what + " for " + request + " while it runs on node " + h.node
                            + (h.cutOff != null ? " (cut off)" : "") + "; the group's state:\n" + digest(actor.state));
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
            trace.add("--- drain: no more faults; cut-off nodes heal ---");
            while (hosts.stream().anyMatch(h -> h.cutOff != null)) {
                healNode();
            }
            if (!quorate()) {
                trace.add("--- not quorate: down nodes boot, every node gets a daemon ---");
                hosts.stream().filter(h -> !h.up).forEach(h -> {
                    h.up = true;
                    h.libvirtUp = true;
                });
                hosts.stream().filter(h -> h.daemon == null).forEach(this::startDaemon);
            }
            hosts.stream().filter(h -> h.daemon != null).forEach(h -> {
                if (!h.libvirtUp) {
                    h.libvirtUp = true;
                    publishChanges(h.daemon);
                }
            });
            for (int i = 0; i < 100_000; i++) {
                deadlinesPass();
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
            for (GroupEvent.AbsentNode a : map.absentList()) {
                sb.append(a.fate()).append(' ').append(a.nodeId()).append(a.complete() ? " complete " : " incomplete ")
                        .append(a.promise()).append(a.deadlinePassed() ? " deadline passed " : " ")
                        .append(sorted(a.vms())).append('\n');
            }
            sb.append("ring ").append(state.ringNodes()).append('\n');
            state.openRequests().forEach(r -> sb.append(r).append(' ').append(r.declined()).append('\n'));
            return sb.toString();
        }

        static List<VmInfo> sorted(List<VmInfo> vms) {
            return vms.stream().sorted(Comparator.comparing(VmInfo::uuid)).toList();
        }
    }
}
