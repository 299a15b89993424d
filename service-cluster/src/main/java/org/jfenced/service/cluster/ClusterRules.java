package org.jfenced.service.cluster;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What makes a corosync.conf one that every node can start with. Each check throws with a message that
 * names the offending value and what would be accepted; nothing is changed before all checks pass.
 */
final class ClusterRules {

    /** corosync keeps the cluster name in a fixed 16-byte field (15 characters and the NUL). */
    static final int MAX_CLUSTER_NAME = 15;
    static final long MAX_NODE_ID = 0xFFFF_FFFFL;
    static final int MAX_VOTES = 65535;

    private ClusterRules() {
    }

    static void checkClusterName(String name) throws ClusterConfigException {
        if (!name.matches("[A-Za-z0-9-]{1," + MAX_CLUSTER_NAME + "}")) {
            throw new ClusterConfigException("cluster name \"" + name + "\": 1 to " + MAX_CLUSTER_NAME
                    + " letters, digits or '-' (it cannot be changed later)");
        }
    }

    static void checkNodeName(String name) throws ClusterConfigException {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,62}")) {
            throw new ClusterConfigException("node name \"" + name + "\": 1 to 63 letters, digits, '-' or '.',"
                    + " starting with a letter or digit");
        }
    }

    static void checkNodeId(long id) throws ClusterConfigException {
        if (id < 1 || id > MAX_NODE_ID) {
            throw new ClusterConfigException("node id " + id + ": 1 to " + MAX_NODE_ID);
        }
    }

    static void checkVotes(int votes, int min) throws ClusterConfigException {
        if (votes < min || votes > MAX_VOTES) {
            throw new ClusterConfigException("votes " + votes + ": " + min + " to " + MAX_VOTES);
        }
    }

    /** The first node of a new cluster: a vote at least, link 0, one address family. */
    static void checkNewCluster(ConfiguredNode first) throws ClusterConfigException {
        checkNode(first, 1);
        checkFamily(first, null);
    }

    /** A node joining {@code config}: unique name, id and addresses, the cluster's links and family. */
    static void checkNewNode(ClusterConfig config, ConfiguredNode node) throws ClusterConfigException {
        checkNode(node, 0);
        for (ConfiguredNode other : config.nodes()) {
            if (other.name().equals(node.name())) {
                throw new ClusterConfigException("node \"" + node.name() + "\" exists already (id " + other.id() + ")");
            }
            if (other.id() == node.id()) {
                throw new ClusterConfigException("node id " + node.id() + " is taken by node " + other.describe());
            }
        }
        TreeSet<Integer> clusterLinks = config.links();
        for (int link : clusterLinks) {
            if (!node.links().containsKey(link)) {
                throw new ClusterConfigException("cluster " + config.clusterName() + " uses link " + link
                        + ": give --link" + link + " too");
            }
        }
        for (int link : node.links().keySet()) {
            if (!clusterLinks.isEmpty() && !clusterLinks.contains(link)) {
                throw new ClusterConfigException("cluster " + config.clusterName() + " has no link " + link
                        + ": --link" + link + " is not allowed");
            }
        }
        String family = config.nodes().stream().flatMap(n -> n.links().values().stream()).map(Addresses::literal)
                .filter(a -> a != null).map(Addresses::family).findFirst().orElse(null);
        checkFamily(node, family);
        for (Map.Entry<Integer, String> mine : node.links().entrySet()) {
            InetAddress address = Addresses.parse(mine.getValue());
            if (address.isLoopbackAddress()) {
                throw loopback(mine.getValue());
            }
            for (ConfiguredNode other : config.nodes()) {
                for (Map.Entry<Integer, String> theirs : other.links().entrySet()) {
                    InetAddress used = Addresses.literal(theirs.getValue());
                    if (address.equals(used) || mine.getValue().equals(theirs.getValue())) {
                        throw new ClusterConfigException("address " + mine.getValue() + " is used on link "
                                + theirs.getKey() + " by node " + other.describe());
                    }
                    if (used != null && used.isLoopbackAddress()) {
                        throw new ClusterConfigException("node " + other.describe() + " has the loopback address "
                                + theirs.getValue() + ", which other nodes cannot reach: a cluster with it stays"
                                + " one node");
                    }
                }
            }
        }
    }

    private static void checkNode(ConfiguredNode node, int minVotes) throws ClusterConfigException {
        checkNodeName(node.name());
        checkNodeId(node.id());
        checkVotes(node.votes(), minVotes);
        if (!node.links().containsKey(0)) {
            throw new ClusterConfigException("node \"" + node.name() + "\" needs an address on link 0 (--link0)");
        }
        Set<InetAddress> seen = new HashSet<>();
        for (Map.Entry<Integer, String> link : node.links().entrySet()) {
            if (link.getKey() < 0 || link.getKey() > ClusterConfig.MAX_LINK) {
                throw new ClusterConfigException("link " + link.getKey() + ": links are 0 to " + ClusterConfig.MAX_LINK);
            }
            if (!seen.add(Addresses.parse(link.getValue()))) {
                throw new ClusterConfigException("address " + link.getValue() + " is given for two links;"
                        + " each link needs its own network");
            }
        }
    }

    /** corosync binds every link in one family ({@code totem.ip_version}), so IPv4 and IPv6 cannot mix. */
    private static void checkFamily(ConfiguredNode node, String clusterFamily) throws ClusterConfigException {
        String family = clusterFamily;
        for (String text : node.links().values()) {
            String mine = Addresses.family(Addresses.parse(text));
            if (family == null) {
                family = mine;
            } else if (!family.equals(mine)) {
                throw new ClusterConfigException("address " + text + " is " + label(mine) + " but "
                        + (clusterFamily == null ? "link 0 is " : "the cluster uses ") + label(family)
                        + ": corosync cannot mix them");
            }
        }
    }

    private static String label(String family) {
        return family.equals("ipv6") ? "IPv6" : "IPv4";
    }

    private static ClusterConfigException loopback(String address) {
        return new ClusterConfigException("address " + address + " is a loopback address, which other nodes"
                + " cannot reach");
    }
}
