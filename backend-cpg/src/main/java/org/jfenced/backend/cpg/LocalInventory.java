package org.jfenced.backend.cpg;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jfenced.backend.cpg.state.GroupEvent;
import org.jfenced.backend.cpg.state.SelfFencePromise;
import org.jfenced.spi.VmInfo;

/**
 * This host's VMs as libvirt last showed them, per URI, and what of it the group has been told. Changes
 * become deltas that carry only what changed; a join gets the whole list as a snapshot.
 *
 * <p>A URI that goes down keeps the VMs last seen on it: they are still there (libvirtd died, not the
 * guests), requests for them must reach this host and fail here rather than be called off elsewhere.
 * Guarded by the backend's lock.
 */
final class LocalInventory {

    /** About 100 bytes per VM on the wire: a chunk stays far below CPG's 1 MiB message limit. */
    static final int CHUNK = 2000;

    private final List<Map<String, VmInfo>> byUri = new ArrayList<>();
    private final boolean[] listed;
    private final boolean[] up;
    private Map<String, VmInfo> published = new HashMap<>();
    private boolean publishedComplete;
    private boolean publishedReachable;

    LocalInventory(int uriCount) {
        this.listed = new boolean[uriCount];
        this.up = new boolean[uriCount];
        for (int i = 0; i < uriCount; i++) {
            byUri.add(new LinkedHashMap<>());
        }
    }

    /** Every URI was listed at least once: nothing can be defined here without being in the list. */
    boolean complete() {
        for (boolean l : listed) {
            if (!l) {
                return false;
            }
        }
        return true;
    }

    boolean reachable() {
        for (boolean u : up) {
            if (!u) {
                return false;
            }
        }
        return true;
    }

    /** A full listing of URI {@code index} replaces what was known of it. */
    Optional<GroupEvent.Delta> listed(int index, List<VmInfo> vms) {
        Map<String, VmInfo> fresh = new LinkedHashMap<>();
        vms.forEach(vm -> fresh.put(key(vm.uuid()), vm));
        Set<String> touched = new HashSet<>(byUri.get(index).keySet());
        touched.addAll(fresh.keySet());
        byUri.set(index, fresh);
        listed[index] = true;
        up[index] = true;
        return delta(touched);
    }

    /** One domain of URI {@code index} read again after an event: present with its state, or gone. */
    Optional<GroupEvent.Delta> refreshed(int index, String uuid, Optional<VmInfo> vm) {
        String key = key(uuid);
        if (vm.isPresent()) {
            byUri.get(index).put(key, vm.get());
        } else {
            byUri.get(index).remove(key);
        }
        return delta(Set.of(key));
    }

    /**
     * What the group holds for this host may differ from what this inventory thinks it told (a message this
     * member sent while it was being thrown out of the group): the delta from {@code groupView} to now.
     */
    Optional<GroupEvent.Delta> correct(List<VmInfo> groupView) {
        Map<String, VmInfo> told = new HashMap<>();
        groupView.forEach(vm -> told.put(key(vm.uuid()), vm));
        Set<String> touched = new HashSet<>(told.keySet());
        touched.addAll(published.keySet());
        touched.addAll(current().keySet());
        published = told;
        return delta(touched);
    }

    /** URI {@code index} went down: its VMs stay as last seen. */
    Optional<GroupEvent.Delta> down(int index) {
        up[index] = false;
        return delta(Set.of());
    }

    /** The whole list, in chunks, as the group's reset for a join needs it; the group then knows all of it. */
    List<GroupEvent.Snapshot> snapshot(long view, List<GroupEvent.AbsentNode> absent, List<GroupEvent.OpenCall> open,
            SelfFencePromise promise) {
        published = current();
        publishedComplete = complete();
        publishedReachable = reachable();
        List<VmInfo> vms = List.copyOf(published.values());
        List<GroupEvent.Snapshot> chunks = new ArrayList<>();
        int from = 0;
        do {
            int to = Math.min(vms.size(), from + CHUNK);
            boolean last = to == vms.size();
            chunks.add(new GroupEvent.Snapshot(view, from == 0, last, publishedComplete, publishedReachable,
                    vms.subList(from, to), last ? absent : List.of(), last ? open : List.of(), promise));
            from = to;
        } while (from < vms.size());
        return chunks;
    }

    /** This host's VMs: the first URI that has a UUID wins, as a lookup by UUID would find it. */
    Map<String, VmInfo> current() {
        Map<String, VmInfo> all = new LinkedHashMap<>();
        for (Map<String, VmInfo> vms : byUri) {
            vms.forEach(all::putIfAbsent);
        }
        return all;
    }

    private Optional<GroupEvent.Delta> delta(Collection<String> touched) {
        List<VmInfo> upserted = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String key : touched) {
            VmInfo now = currentOf(key);
            VmInfo before = published.get(key);
            if (now == null && before != null) {
                removed.add(before.uuid());
                published.remove(key);
            } else if (now != null && !now.equals(before)) {
                upserted.add(now);
                published.put(key, now);
            }
        }
        boolean complete = complete();
        boolean reachable = reachable();
        if (upserted.isEmpty() && removed.isEmpty() && complete == publishedComplete && reachable == publishedReachable) {
            return Optional.empty();
        }
        publishedComplete = complete;
        publishedReachable = reachable;
        return Optional.of(new GroupEvent.Delta(upserted, removed, complete, reachable));
    }

    private VmInfo currentOf(String key) {
        for (Map<String, VmInfo> vms : byUri) {
            VmInfo vm = vms.get(key);
            if (vm != null) {
                return vm;
            }
        }
        return null;
    }

    private static String key(String uuid) {
        return Objects.requireNonNull(uuid, "uuid").toLowerCase(java.util.Locale.ROOT);
    }
}
