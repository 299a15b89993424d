package org.jfenced.service.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Every change of corosync.conf: read the file, change it in memory (where the rules are checked), raise
 * config_version and write it back atomically with a backup. One change at a time, so two admins cannot
 * lose each other's edit; a refused change leaves the file byte for byte as it was.
 */
final class ClusterEditor {

    /** What a change did, for the reply. */
    record Change(String summary, Map<String, Object> data) {
    }

    private final Path file;
    private final Path authkey;
    private final ConfigFileWriter writer;

    ClusterEditor(Path file, Path authkey, ConfigFileWriter writer) {
        this.file = file;
        this.authkey = authkey;
        this.writer = writer;
    }

    Path file() {
        return file;
    }

    /** The current file, or empty when there is none yet. */
    Optional<ClusterConfig> read() throws ClusterConfigException, IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(ClusterConfig.parse(text, file.toString()));
    }

    synchronized Change create(String clusterName, ConfiguredNode first) throws ClusterConfigException, IOException {
        if (Files.exists(file)) {
            throw new ClusterConfigException(file + " exists already: this host is configured for a cluster"
                    + " (to start over, move the file away first)");
        }
        ClusterConfig config = ClusterConfig.create(clusterName, first, authkey);
        Path backup = writer.replace(file, config.render());
        Map<String, Object> data = result("create", config, backup);
        data.put("node", nodeData(first));
        return new Change("created cluster " + clusterName + " in " + file + " (config_version 1) with node "
                + first.describe() + " on " + links(first), data);
    }

    /**
     * Adds a node; {@code id} empty takes the lowest free id. With {@code force}, a node that exists exactly
     * as given is left alone instead of refused.
     */
    synchronized Change addNode(String name, Optional<Long> id, int votes, SortedMap<Integer, String> links,
                                boolean force) throws ClusterConfigException, IOException {
        ClusterConfig config = existing();
        ClusterRules.checkNodeName(name);
        Optional<ConfiguredNode> same = config.nodes().stream().filter(n -> n.name().equals(name)).findFirst();
        if (same.isPresent()) {
            ConfiguredNode old = same.get();
            boolean identical = id.map(i -> i == old.id()).orElse(true) && old.votes() == votes
                    && old.links().equals(links);
            if (!force) {
                throw new ClusterConfigException("node " + old.describe() + " exists already"
                        + (identical ? "; --force accepts re-adding it unchanged" : ""));
            }
            if (!identical) {
                throw new ClusterConfigException("node " + old.describe() + " exists with other settings (votes "
                        + old.votes() + ", " + links(old) + "); delete it first to change it");
            }
            Map<String, Object> data = result("addnode", config, null);
            data.put("changed", false);
            data.put("node", nodeData(old));
            return new Change("node " + old.describe() + " exists as given: nothing changed (config_version "
                    + config.configVersion() + ")", data);
        }
        ConfiguredNode node = new ConfiguredNode(name, id.orElse(NodeIds.lowestFree(config.nodes())), votes, links);
        config.addNode(node);
        config.nextVersion();
        Path backup = writer.replace(file, config.render());
        Map<String, Object> data = result("addnode", config, backup);
        data.put("changed", true);
        data.put("node", nodeData(node));
        return new Change("added node " + node.describe() + " on " + links(node) + " to cluster "
                + config.clusterName() + " (config_version " + config.configVersion() + ")", data);
    }

    synchronized Change delNode(String nameOrAddress) throws ClusterConfigException, IOException {
        ClusterConfig config = existing();
        ConfiguredNode node = config.find(nameOrAddress).orElseThrow(() -> new ClusterConfigException(
                "cluster " + config.clusterName() + " has no node called or at \"" + nameOrAddress + "\""));
        config.removeNode(node);
        config.nextVersion();
        Path backup = writer.replace(file, config.render());
        Map<String, Object> data = result("delnode", config, backup);
        data.put("node", nodeData(node));
        return new Change("removed node " + node.describe() + " from cluster " + config.clusterName()
                + " (config_version " + config.configVersion() + ")", data);
    }

    ClusterConfig existing() throws ClusterConfigException, IOException {
        return read().orElseThrow(() -> new ClusterConfigException("no cluster: " + file
                + " does not exist (make one with: cluster create NAME)"));
    }

    private Map<String, Object> result(String action, ClusterConfig config, Path backup) throws ClusterConfigException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("action", action);
        data.put("cluster", config.clusterName());
        data.put("file", file.toString());
        data.put("config_version", config.configVersion());
        data.put("backup", backup == null ? null : backup.toString());
        return data;
    }

    static Map<String, Object> nodeData(ConfiguredNode node) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", node.name());
        m.put("nodeid", node.id());
        m.put("votes", node.votes());
        Map<String, Object> links = new LinkedHashMap<>();
        node.links().forEach((l, a) -> links.put("link" + l, a));
        m.put("links", links);
        return m;
    }

    static String links(ConfiguredNode node) {
        StringBuilder sb = new StringBuilder();
        node.links().forEach((l, a) -> sb.append(sb.length() == 0 ? "" : ", ").append("link").append(l).append(' ').append(a));
        return sb.toString();
    }
}
