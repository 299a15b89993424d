package org.jfenced.dispatch;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jfenced.spi.ConfigSection;
import org.jfenced.spi.VmInfo;

/**
 * The {@code groups} block: who may fence what (fence-agents 4.12 static map). A requester belongs to
 * every group whose {@code ip} list names it (or, for a requester that is itself a VM UUID — the
 * serial listener — whose {@code uuid} list names it); it may act on a target named by a {@code uuid}
 * entry of one of those groups. Entries are VM names or UUIDs; comparison ignores case; there are no
 * address ranges. Without any group everything is allowed, as in fence_virtd.
 */
public final class AclGroups {

    private final List<Group> groups;
    /** A listener restricted to named groups: no group means nobody, not everybody. */
    private final boolean restricted;

    private AclGroups(List<Group> groups, boolean restricted) {
        this.groups = groups;
        this.restricted = restricted;
    }

    public static AclGroups allowAll() {
        return new AclGroups(List.of(), false);
    }

    /** Reads {@code groups/group…}; groups without entries are dropped, as the C loader does. */
    public static AclGroups from(ConfigSection groupsBlock) {
        List<Group> groups = groupsBlock.sections("group").stream()
                .map(g -> new Group(g.get("name", ""), lower(g.getAll("ip")), lower(g.getAll("uuid"))))
                .filter(g -> !g.sources.isEmpty() || !g.targets.isEmpty())
                .toList();
        return new AclGroups(groups, false);
    }

    /**
     * The groups a listener's {@code groups} key names: its clients are judged by these alone. With no
     * names, every group applies, as in fence_virtd.
     *
     * @throws IllegalArgumentException naming a group no block defines
     */
    public AclGroups restrictedTo(List<String> names) {
        if (names.isEmpty()) {
            return this;
        }
        Set<String> wanted = lower(names);
        Set<String> known = groups.stream().map(g -> g.name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        for (String n : wanted) {
            if (!known.contains(n)) {
                throw new IllegalArgumentException("no group is called \"" + n + "\" (groups: " + (known.isEmpty()
                        ? "none with entries" : String.join(", ", new TreeSet<>(known))) + ")");
            }
        }
        return new AclGroups(groups.stream().filter(g -> wanted.contains(g.name.toLowerCase(Locale.ROOT))).toList(),
                true);
    }

    public boolean isOpen() {
        return groups.isEmpty() && !restricted;
    }

    public int size() {
        return groups.size();
    }

    /** Whether {@code source} may act on {@code target} (the string exactly as the client sent it). */
    public boolean allows(String source, String target) {
        return allowsAny(source, target, null);
    }

    /** For the host list: whether {@code source} may see a VM, by its UUID or its name. */
    public boolean allowsAny(String source, String uuid, String name) {
        if (isOpen()) {
            return true;
        }
        String src = source.toLowerCase(Locale.ROOT);
        boolean srcIsVm = VmInfo.isUuid(source);
        for (Group g : groups) {
            boolean member = srcIsVm ? g.targets.contains(src) : g.sources.contains(src);
            if (member && (g.targets.contains(uuid.toLowerCase(Locale.ROOT))
                    || name != null && g.targets.contains(name.toLowerCase(Locale.ROOT)))) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> lower(List<String> values) {
        return values.stream().map(v -> v.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    private record Group(String name, Set<String> sources, Set<String> targets) {
    }
}
