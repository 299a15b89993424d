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

    /**
     * What a change did, for the reply.
     *
     * @param config the configuration the file now holds
     * @param text   the file's content, for handing it on as it is
     */
    record Change(String summary, Map<String, Object> data, ClusterConfig config, String text) {
    }

    /**
     * What became of another node's file: written, with the backup of this node's previous file (null when
     * there was none), or kept because this node's own file is not older.
     *
     * @param version   the config_version now on disk
     * @param identical when kept: this node's file is byte for byte the other's
     */
    record Adoption(boolean written, long version, Path backup, boolean identical) {
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
        Optional<String> text = readText();
        return text.isEmpty() ? Optional.empty() : Optional.of(ClusterConfig.parse(text.get(), file.toString()));
    }

    private Optional<String> readText() throws IOException {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    synchronized Change create(String clusterName, ConfiguredNode first) throws ClusterConfigException, IOException {
        if (Files.exists(file)) {
            throw new ClusterConfigException(file + " exists already: this host is configured for a cluster"
                    + " (to start over, move the file away first)");
        }
        ClusterConfig config = ClusterConfig.create(clusterName, first, authkey);
        String text = config.render();
        Path backup = writer.replace(file, text);
        Map<String, Object> data = result("create", config, backup);
        data.put("node", nodeData(first));
        return new Change("created cluster " + clusterName + " in " + file + " (config_version 1) with node "
                + first.describe() + " on " + links(first), data, config, text);
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
                    + config.configVersion() + ")", data, config, readText().orElseThrow());
        }
        ConfiguredNode node = new ConfiguredNode(name, id.orElse(NodeIds.lowestFree(config.nodes())), votes, links);
        config.addNode(node);
        config.nextVersion();
        String text = config.render();
        Path backup = writer.replace(file, text);
        Map<String, Object> data = result("addnode", config, backup);
        data.put("changed", true);
        data.put("node", nodeData(node));
        return new Change("added node " + node.describe() + " on " + links(node) + " to cluster "
                + config.clusterName() + " (config_version " + config.configVersion() + ")", data, config, text);
    }

    synchronized Change delNode(String nameOrAddress) throws ClusterConfigException, IOException {
        ClusterConfig config = existing();
        ConfiguredNode node = config.find(nameOrAddress).orElseThrow(() -> new ClusterConfigException(
                "cluster " + config.clusterName() + " has no node called or at \"" + nameOrAddress + "\""));
        config.removeNode(node);
        config.nextVersion();
        String text = config.render();
        Path backup = writer.replace(file, text);
        Map<String, Object> data = result("delnode", config, backup);
        data.put("node", nodeData(node));
        return new Change("removed node " + node.describe() + " from cluster " + config.clusterName()
                + " (config_version " + config.configVersion() + ")", data, config, text);
    }

    /**
     * Takes another node's file ({@code text}, which parses as {@code offered}) only when this node's own is
     * older, so that a late or repeated offer never undoes a newer change. A file of another cluster, or an own
     * file whose version cannot be read, is refused rather than overwritten.
     */
    synchronized Adoption adopt(ClusterConfig offered, String text) throws ClusterConfigException, IOException {
        Optional<String> own = readText();
        if (own.isPresent()) {
            ClusterConfig mine;
            try {
                mine = ClusterConfig.parse(own.get(), file.toString());
            } catch (ClusterConfigException e) {
                throw new ClusterConfigException("this node's file cannot be read, so it is not known to be older ("
                        + e.getMessage() + "); fix or remove it");
            }
            if (!mine.clusterName().equals(offered.clusterName())) {
                throw new ClusterConfigException("the file is for cluster " + offered.clusterName() + ", this node's "
                        + file + " for cluster " + mine.clusterName());
            }
            if (mine.configVersion() >= offered.configVersion()) {
                return new Adoption(false, mine.configVersion(), null, own.get().equals(text));
            }
        }
        Path backup = writer.replace(file, text);
        return new Adoption(true, offered.configVersion(), backup, false);
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
