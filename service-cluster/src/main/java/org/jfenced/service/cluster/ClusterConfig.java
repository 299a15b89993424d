package org.jfenced.service.cluster;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * corosync.conf as a cluster: its name, version, links and nodes, over the parsed blocks so that keys this
 * service does not manage survive every edit. Edits are checked by {@link ClusterRules} before they touch
 * the blocks, so a refused edit changes nothing.
 */
final class ClusterConfig {

    /** The key corosync reads when {@code totem.keyfile} is not given. */
    static final Path DEFAULT_AUTHKEY = Path.of("/etc/corosync/authkey");
    /** corosync 3 takes up to eight links, 0 to 7. */
    static final int MAX_LINK = 7;

    private final ConfSection root;

    private ClusterConfig(ConfSection root) {
        this.root = root;
    }

    static ClusterConfig parse(String text, String source) throws ClusterConfigException {
        ClusterConfig config = new ClusterConfig(ConfParser.parse(text, source));
        ConfSection totem = config.root.child("totem").orElseThrow(() -> new ClusterConfigException(source
                + ": no totem block: this is not a corosync.conf"));
        if (totem.get("config_version").isEmpty()) {
            throw new ClusterConfigException(source + ": totem has no config_version, so other nodes could not tell"
                    + " a newer file from an older one; add \"config_version: 1\" to totem");
        }
        config.configVersion();
        config.nodes();
        return config;
    }

    /**
     * A new corosync 3 cluster of one node: knet transport, AES-256/SHA-256 with the key at
     * {@code authkey}, one interface per link, votequorum, logging to syslog.
     */
    static ClusterConfig create(String clusterName, ConfiguredNode first, Path authkey) throws ClusterConfigException {
        ClusterRules.checkClusterName(clusterName);
        ClusterRules.checkNewCluster(first);
        ConfSection root = new ConfSection("");
        ConfSection totem = root.add(new ConfSection("totem"))
                .set("version", "2")
                .set("cluster_name", clusterName)
                .set("config_version", "1")
                .set("transport", "knet")
                .set("link_mode", "passive")
                .set("ip_version", Addresses.family(Addresses.parse(first.links().get(0))))
                .set("crypto_cipher", "aes256")
                .set("crypto_hash", "sha256");
        if (!authkey.equals(DEFAULT_AUTHKEY)) {
            totem.set("keyfile", authkey.toString());
        }
        for (int link : first.links().keySet()) {
            totem.add(new ConfSection("interface")).set("linknumber", Integer.toString(link));
        }
        ClusterConfig config = new ClusterConfig(root);
        root.add(new ConfSection("nodelist")).add(nodeSection(first));
        root.add(new ConfSection("quorum")).set("provider", "corosync_votequorum");
        root.add(new ConfSection("logging")).set("to_syslog", "yes").set("debug", "off");
        return config;
    }

    String clusterName() {
        return totem().get("cluster_name").orElse("");
    }

    long configVersion() throws ClusterConfigException {
        String v = totem().get("config_version").orElse("");
        try {
            long version = Long.parseLong(v);
            if (version < 0) {
                throw new NumberFormatException();
            }
            return version;
        } catch (NumberFormatException e) {
            throw new ClusterConfigException("totem.config_version \"" + v + "\" is not a whole number");
        }
    }

    String transport() {
        return totem().get("transport").orElse("knet");
    }

    /** The cipher and hash, such as {@code aes256/sha256}, or empty when messages are not encrypted. */
    Optional<String> crypto() {
        String cipher = totem().get("crypto_cipher").orElse("none");
        String hash = totem().get("crypto_hash").orElse("none");
        if (cipher.equals("none") && hash.equals("none")) {
            return totem().get("secauth").filter(s -> s.equals("on")).map(s -> "secauth");
        }
        return Optional.of(cipher + "/" + hash);
    }

    List<ConfiguredNode> nodes() throws ClusterConfigException {
        List<ConfiguredNode> nodes = new ArrayList<>();
        for (ConfSection node : nodeSections()) {
            nodes.add(toNode(node));
        }
        nodes.sort((a, b) -> Long.compare(a.id(), b.id()));
        return nodes;
    }

    /** The link numbers the cluster uses: those of its nodes' addresses, else of totem's interfaces. */
    TreeSet<Integer> links() throws ClusterConfigException {
        List<ConfiguredNode> nodes = nodes();
        TreeSet<Integer> links = new TreeSet<>();
        if (!nodes.isEmpty()) {
            nodes.forEach(n -> links.addAll(n.links().keySet()));
            return links;
        }
        for (ConfSection i : totem().children("interface")) {
            Optional<String> link = i.get("linknumber");
            if (link.isPresent()) {
                try {
                    links.add(Integer.parseInt(link.get()));
                } catch (NumberFormatException e) {
                    throw new ClusterConfigException("totem.interface.linknumber \"" + link.get() + "\" is not a whole number");
                }
            }
        }
        return links;
    }

    /** Adds a node checked against the cluster's rules; the version is raised by {@link #nextVersion}. */
    void addNode(ConfiguredNode node) throws ClusterConfigException {
        ClusterRules.checkNewNode(this, node);
        root.childOrAdd("nodelist").add(nodeSection(node));
    }

    /** The node called {@code nameOrAddress}, or with that address on any link. */
    Optional<ConfiguredNode> find(String nameOrAddress) throws ClusterConfigException {
        InetAddress address = Addresses.literal(nameOrAddress);
        for (ConfiguredNode n : nodes()) {
            if (n.name().equals(nameOrAddress)) {
                return Optional.of(n);
            }
            for (String a : n.links().values()) {
                if (a.equals(nameOrAddress) || address != null && address.equals(Addresses.literal(a))) {
                    return Optional.of(n);
                }
            }
        }
        return Optional.empty();
    }

    void removeNode(ConfiguredNode node) throws ClusterConfigException {
        if (nodes().size() == 1) {
            throw new ClusterConfigException("node " + node.describe() + " is the last node of cluster "
                    + clusterName() + "; to give up the cluster, stop corosync and remove corosync.conf");
        }
        ConfSection nodelist = root.child("nodelist").orElseThrow();
        nodelist.children().removeIf(s -> s.name().equals("node") && idOf(s) == node.id());
    }

    /** Raises config_version by one, so that every node can tell this file is newer than the one it runs. */
    void nextVersion() throws ClusterConfigException {
        totem().set("config_version", Long.toString(configVersion() + 1));
    }

    String render() {
        return ConfWriter.write(root);
    }

    private ConfSection totem() {
        return root.childOrAdd("totem");
    }

    private List<ConfSection> nodeSections() {
        return root.child("nodelist").map(l -> l.children("node")).orElse(List.of());
    }

    private static ConfSection nodeSection(ConfiguredNode node) {
        ConfSection s = new ConfSection("node")
                .set("name", node.name())
                .set("nodeid", Long.toString(node.id()))
                .set("quorum_votes", Integer.toString(node.votes()));
        node.links().forEach((link, address) -> s.set("ring" + link + "_addr", address));
        return s;
    }

    private static long idOf(ConfSection node) {
        try {
            return Long.parseLong(node.get("nodeid").orElse("-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static ConfiguredNode toNode(ConfSection node) throws ClusterConfigException {
        String name = node.get("name").orElse("");
        String label = name.isEmpty() ? "a node without a name" : "node \"" + name + "\"";
        String id = node.get("nodeid").orElseThrow(() -> new ClusterConfigException(label
                + " has no nodeid, which knet needs"));
        int votes;
        long nodeId;
        try {
            nodeId = Long.parseLong(id);
            votes = Integer.parseInt(node.get("quorum_votes").orElse("1"));
        } catch (NumberFormatException e) {
            throw new ClusterConfigException(label + ": nodeid and quorum_votes must be whole numbers");
        }
        SortedMap<Integer, String> links = new TreeMap<>();
        for (int link = 0; link <= MAX_LINK; link++) {
            int l = link;
            node.get("ring" + link + "_addr").ifPresent(a -> links.put(l, a));
        }
        return new ConfiguredNode(name, nodeId, votes, links);
    }
}
