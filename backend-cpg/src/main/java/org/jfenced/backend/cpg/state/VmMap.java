package org.jfenced.backend.cpg.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jfenced.spi.VmInfo;

/**
 * The replicated map of who has which VM: one list per group member, and the last lists of nodes without
 * a member whose VMs may still run ("absent" nodes: their daemon left while the node stayed in the ring,
 * or the node left the ring while its daemon was in the group). Indexed by name and by UUID, so finding
 * the holders of a VM costs the same with ten VMs per host as with ten thousand.
 *
 * <p>Only {@link ClusterState} changes it.
 */
public final class VmMap {

    /** Who holds a VM: a member, or (with pid 0) an absent node. */
    public record Owner(MemberId member, boolean absent) implements Comparable<Owner> {
        static Owner live(MemberId member) {
            return new Owner(member, false);
        }

        static Owner absentNode(int nodeId) {
            return new Owner(new MemberId(nodeId, 0), true);
        }

        public int nodeId() {
            return member.nodeId();
        }

        @Override
        public int compareTo(Owner other) {
            int byMember = member.compareTo(other.member);
            return byMember != 0 ? byMember : Boolean.compare(absent, other.absent);
        }
    }

    /** One VM as one owner has it. */
    public record Holding(Owner owner, VmInfo vm) {
    }

    /** A member's or an absent node's VMs. */
    private static final class VmList {
        final Map<String, VmInfo> byUuid = new LinkedHashMap<>();
        /** See {@link GroupEvent.Snapshot#complete()}. */
        boolean complete;
        boolean reachable;
        /** For members: the last chunk of a snapshot arrived since the last reset. */
        boolean published;
        SelfFencePromise promise = SelfFencePromise.NONE;
        /** For absent nodes. */
        GroupEvent.Fate fate;
        /** For absent nodes: see {@link GroupEvent.AbsentNode#deadlinePassed()}. */
        boolean deadlinePassed;
    }

    private record IndexEntry(Owner owner, String uuid) {
    }

    private final NavigableMap<MemberId, VmList> members = new TreeMap<>();
    private final NavigableMap<Integer, VmList> absent = new TreeMap<>(Integer::compareUnsigned);
    private final Map<String, Set<IndexEntry>> nameIndex = new HashMap<>();
    private final Map<String, Set<IndexEntry>> uuidIndex = new HashMap<>();

    /** Forgets everything: the view of a member that (re)joins a group starts empty. */
    void clear() {
        members.clear();
        absent.clear();
        nameIndex.clear();
        uuidIndex.clear();
    }

    /** Keeps the members but forgets what they published, and every absent node: all of it will be published again. */
    void resetPublications() {
        List<MemberId> current = new ArrayList<>(members.keySet());
        clear();
        current.forEach(m -> members.put(m, new VmList()));
    }

    void addMember(MemberId member) {
        members.putIfAbsent(member, new VmList());
    }

    /**
     * Removes a member. Unless a published member remains on its node, its VMs stay in the map as that
     * node's: they may still run. When only the daemon left, the node is orphaned; when the node left the
     * ring, it is cut off, with the promise its daemon published (none if it never published).
     */
    void removeMember(Departure departure) {
        MemberId member = departure.member();
        VmList list = members.remove(member);
        if (list == null) {
            return;
        }
        list.byUuid.values().forEach(vm -> unindex(Owner.live(member), vm));
        List<VmInfo> vms = List.copyOf(list.byUuid.values());
        if (departure.nodeGone()) {
            addAbsent(new GroupEvent.AbsentNode(member.nodeId(), GroupEvent.Fate.CUT_OFF, vms,
                    list.published && list.complete, list.published ? list.promise : SelfFencePromise.NONE, false));
        } else {
            addAbsent(GroupEvent.AbsentNode.orphaned(member.nodeId(), vms));
        }
    }

    void applySnapshot(MemberId sender, GroupEvent.Snapshot snapshot) {
        VmList list = members.get(sender);
        if (list == null) {
            return;
        }
        Owner owner = Owner.live(sender);
        if (snapshot.first()) {
            list.byUuid.values().forEach(vm -> unindex(owner, vm));
            list.byUuid.clear();
            list.published = false;
        }
        snapshot.vms().forEach(vm -> put(owner, list, vm));
        if (snapshot.last()) {
            list.complete = snapshot.complete();
            list.reachable = snapshot.reachable();
            list.published = true;
            list.promise = snapshot.promise();
            // the node's daemon speaks for it now: what was known of it while it had none is void
            removeAbsent(sender.nodeId());
            snapshot.absent().forEach(this::addAbsent);
        }
    }

    void applyDelta(MemberId sender, GroupEvent.Delta delta) {
        VmList list = members.get(sender);
        if (list == null) {
            return;
        }
        Owner owner = Owner.live(sender);
        delta.upserted().forEach(vm -> put(owner, list, vm));
        for (String uuid : delta.removedUuids()) {
            VmInfo gone = list.byUuid.remove(Targets.uuidKey(uuid));
            if (gone != null) {
                unindex(owner, gone);
            }
        }
        list.complete = delta.complete();
        list.reachable = delta.reachable();
    }

    /**
     * Adds what a member reports about an absent node, unless a member on that node has published its own
     * list since. Reports about the same node are merged ({@link GroupEvent.AbsentNode#merge}).
     */
    void addAbsent(GroupEvent.AbsentNode report) {
        int node = report.nodeId();
        if (hasPublishedMemberOn(node)) {
            return;
        }
        Optional<GroupEvent.AbsentNode> merged = absentNode(node).map(known -> known.merge(report)).orElse(Optional.of(report));
        removeAbsent(node);
        merged.ifPresent(this::putAbsent);
    }

    /** The self-fence deadline of a cut-off node has passed: only what its promise does not cover is left. */
    void passDeadline(int nodeId) {
        Optional<GroupEvent.AbsentNode> known = absentNode(nodeId);
        if (known.isPresent()) {
            removeAbsent(nodeId);
            known.get().afterDeadline().ifPresent(this::putAbsent);
        }
    }

    void removeAbsent(int nodeId) {
        VmList list = absent.remove(nodeId);
        if (list != null) {
            Owner owner = Owner.absentNode(nodeId);
            list.byUuid.values().forEach(vm -> unindex(owner, vm));
        }
    }

    private void putAbsent(GroupEvent.AbsentNode node) {
        VmList list = new VmList();
        list.complete = node.complete();
        list.promise = node.promise();
        list.fate = node.fate();
        list.deadlinePassed = node.deadlinePassed();
        absent.put(node.nodeId(), list);
        Owner owner = Owner.absentNode(node.nodeId());
        node.vms().forEach(vm -> put(owner, list, vm));
    }

    public Set<MemberId> members() {
        return Collections.unmodifiableSet(members.keySet());
    }

    public boolean isMember(MemberId member) {
        return members.containsKey(member);
    }

    /** The member that answers for VMs nobody has; empty without members. */
    public Optional<MemberId> highestMember() {
        return members.isEmpty() ? Optional.empty() : Optional.of(members.lastKey());
    }

    public boolean isPublished(MemberId member) {
        VmList list = members.get(member);
        return list != null && list.published;
    }

    public boolean allPublished() {
        return members.values().stream().allMatch(l -> l.published);
    }

    public boolean isComplete(MemberId member) {
        VmList list = members.get(member);
        return list != null && list.complete;
    }

    /** Whether every libvirt connection of the member was up when it last told. */
    public boolean isReachable(MemberId member) {
        VmList list = members.get(member);
        return list != null && list.reachable;
    }

    /** Nodes without a member whose VMs may run, ascending. */
    public Set<Integer> absentNodes() {
        Set<Integer> nodes = new TreeSet<>(Integer::compareUnsigned);
        nodes.addAll(absent.keySet());
        return nodes;
    }

    /** What is known of an absent node. */
    public Optional<GroupEvent.AbsentNode> absentNode(int nodeId) {
        VmList l = absent.get(nodeId);
        return l == null ? Optional.empty() : Optional.of(new GroupEvent.AbsentNode(nodeId, l.fate,
                List.copyOf(l.byUuid.values()), l.complete, l.promise, l.deadlinePassed));
    }

    /** Every absent node, ascending, for a member to pass on in its snapshot. */
    public List<GroupEvent.AbsentNode> absentList() {
        List<GroupEvent.AbsentNode> lists = new ArrayList<>();
        absent.keySet().forEach(node -> lists.add(absentNode(node).orElseThrow()));
        return lists;
    }

    /** The promise a member published. */
    public SelfFencePromise promiseOf(MemberId member) {
        VmList list = members.get(member);
        return list == null ? SelfFencePromise.NONE : list.promise;
    }

    /** A member's VMs as last published, in publication order. */
    public List<VmInfo> vmsOf(MemberId member) {
        VmList list = members.get(member);
        return list == null ? List.of() : List.copyOf(list.byUuid.values());
    }


    /**
     * Every holding of the VM {@code target} names: by UUID (any case) when {@code byUuid}, else by exact
     * name; ordered by owner so that every member sees the same list.
     */
    public List<Holding> holdings(String target, boolean byUuid) {
        Set<IndexEntry> entries = byUuid ? uuidIndex.get(Targets.uuidKey(target)) : nameIndex.get(target);
        if (entries == null) {
            return List.of();
        }
        List<Holding> found = new ArrayList<>(entries.size());
        for (IndexEntry e : entries) {
            VmList list = e.owner().absent() ? absent.get(e.owner().nodeId()) : members.get(e.owner().member());
            VmInfo vm = list == null ? null : list.byUuid.get(e.uuid());
            if (vm != null) {
                found.add(new Holding(e.owner(), vm));
            }
        }
        found.sort((a, b) -> a.owner().compareTo(b.owner()) != 0 ? a.owner().compareTo(b.owner())
                : a.vm().uuid().compareTo(b.vm().uuid()));
        return found;
    }

    /** How many VM entries the map holds in all (members and absent nodes); for tests and the admin view. */
    public int size() {
        return members.values().stream().mapToInt(l -> l.byUuid.size()).sum()
                + absent.values().stream().mapToInt(l -> l.byUuid.size()).sum();
    }

    private boolean hasPublishedMemberOn(int nodeId) {
        return members.entrySet().stream().anyMatch(e -> e.getKey().nodeId() == nodeId && e.getValue().published);
    }

    private void put(Owner owner, VmList list, VmInfo vm) {
        String uuid = Targets.uuidKey(vm.uuid());
        VmInfo stored = new VmInfo(vm.name(), uuid, vm.state());
        VmInfo previous = list.byUuid.put(uuid, stored);
        if (previous != null) {
            unindex(owner, previous);
        }
        nameIndex.computeIfAbsent(stored.name(), k -> new HashSet<>()).add(new IndexEntry(owner, uuid));
        uuidIndex.computeIfAbsent(uuid, k -> new HashSet<>()).add(new IndexEntry(owner, uuid));
    }

    private void unindex(Owner owner, VmInfo vm) {
        String uuid = Targets.uuidKey(vm.uuid());
        removeFrom(nameIndex, vm.name(), new IndexEntry(owner, uuid));
        removeFrom(uuidIndex, uuid, new IndexEntry(owner, uuid));
    }

    private static void removeFrom(Map<String, Set<IndexEntry>> index, String key, IndexEntry entry) {
        Set<IndexEntry> set = index.get(key);
        if (set != null && set.remove(entry) && set.isEmpty()) {
            index.remove(key);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("VmMap{");
        members.forEach((m, l) -> sb.append(' ').append(m).append(l.published ? "" : "(unpublished)")
                .append(l.complete ? "" : "(incomplete)").append(l.reachable ? "" : "(unreachable)").append('=')
                .append(l.byUuid.size()));
        absent.forEach((n, l) -> sb.append(' ').append(l.fate.name().toLowerCase(java.util.Locale.ROOT)).append('@')
                .append(Integer.toUnsignedString(n)).append('=').append(l.byUuid.size()));
        return sb.append(" }").toString();
    }
}
