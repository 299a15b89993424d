package org.jfenced.daemon;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jfenced.config.ConfigBlock;
import org.jfenced.dispatch.AclGroups;
import org.jfenced.plugin.PluginKind;
import org.jfenced.plugin.PluginRegistry;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ListenerFactory;

/**
 * One listener the configuration asks for. {@code fence_virtd/@listener} names one or more of them,
 * separated by spaces; each name is a block of {@code listeners}. A block named after a listener plugin
 * is that plugin, as in fence_virtd, so a C daemon's file means what it always meant; a block with
 * another name says which plugin it is with {@code type}. Its {@code groups} key, when present, names the
 * groups that judge its clients; without it every group does.
 *
 * @param name the block's name: the listener's name in logs, counters and history
 * @param plugin the listener plugin's name
 * @param block the block, passed to the plugin
 * @param groups the groups named by {@code groups}; empty for every group
 */
record ListenerSpec(String name, String plugin, ConfigBlock block, List<String> groups) {

    /** Reads {@code fence_virtd/@listener} and the blocks it names. */
    static List<ListenerSpec> read(ConfigBlock root, PluginRegistry registry) throws ConfigException {
        ConfigBlock daemon = root.section("fence_virtd");
        String value = daemon.get("listener").orElseThrow(() -> daemon.invalid("listener",
                "required: the listener(s) to run (plugins: " + String.join(", ", registry.names(PluginKind.LISTENER))
                        + ")"));
        List<String> names = words(value);
        if (names.isEmpty()) {
            throw daemon.invalid("listener", "names no listener");
        }
        Set<String> seen = new HashSet<>();
        List<ListenerSpec> specs = new ArrayList<>();
        AclGroups all = AclGroups.from(root.section("groups"));
        for (String name : names) {
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw daemon.invalid("listener", "names listener \"" + name + "\" twice");
            }
            ConfigBlock block = root.section("listeners").section(name);
            String plugin = block.get("type").map(String::trim).orElse(name);
            if (!registry.names(PluginKind.LISTENER).stream().anyMatch(plugin::equalsIgnoreCase)) {
                throw block.get("type").isPresent()
                        ? block.invalid("type", "no listener plugin is called \"" + plugin + "\" (plugins: "
                                + String.join(", ", registry.names(PluginKind.LISTENER)) + ")")
                        : daemon.invalid("listener", "\"" + name + "\" is no listener plugin ("
                                + String.join(", ", registry.names(PluginKind.LISTENER)) + "); a listener of another"
                                + " name needs a block listeners/" + name + " with type = \"PLUGIN\"");
            }
            List<String> groups = block.getAll("groups").stream().flatMap(g -> words(g).stream()).toList();
            try {
                all.restrictedTo(groups);
            } catch (IllegalArgumentException e) {
                throw block.invalid("groups", e.getMessage());
            }
            specs.add(new ListenerSpec(name, plugin, block, groups));
        }
        return specs;
    }

    ListenerFactory factory(PluginRegistry registry) throws ConfigException {
        return registry.listener(plugin);
    }

    /** The groups that judge this listener's clients, out of the file's {@code groups}. */
    AclGroups acl(AclGroups all) {
        return all.restrictedTo(groups);
    }

    private static List<String> words(String value) {
        return List.of(value.trim().split("[\\s,]+")).stream().filter(w -> !w.isEmpty()).toList();
    }
}
