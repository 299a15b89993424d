package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jfenced.nativelib.testcluster.ClusterNode;
import org.jfenced.nativelib.testcluster.CorosyncCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walkthrough "set up a 3-host cluster" (docs), with {@code bin/jfenced} and {@code bin/jfencectl} on three hosts
 * (network namespaces) and corosync running on nothing but the files the service wrote: node 1 makes the key
 * and the config while its daemon still runs backend libvirt, they are copied once, corosync forms a
 * cluster of three, the daemons move to backend cpg, and a node is retired with {@code delnode --propagate}
 * and {@code corosync-cfgtool -R}, after which every remaining node's {@code cluster status} agrees with its
 * file.
 */
class ClusterSetupSystemTest {

    @RegisterExtension
    static final CorosyncCluster cluster = CorosyncCluster.builder("setupsys").nodes(3).configuredByTest().build();

    @TempDir
    Path dir;

    private CpgNodes nodes;

    @Test
    void threeHostsRunOnTheServicesFilesAndARetiredNodeLeavesEveryRemainingConfig() throws IOException {
        Requirements.root();
        nodes = new CpgNodes(cluster, dir).withBlocks(node -> """
                services {
                	cluster {
                		corosync_conf = "%s";
                		authkey = "%s";
                		backup_dir = "%s";
                	}
                }
                """.formatted(cluster.node(node).configFile(), dir.resolve("authkey"), backups(node)));
        nodes.startStandalone(1);
        Ctl ctl1 = nodes.ctl(1);
        ok(ctl1.run("cluster", "keygen"));
        ClientRun createPropagated = ctl1.run("cluster", "create", "lab", "--propagate");
        assertEquals(64, createPropagated.exit(), createPropagated.toString());
        assertTrue(createPropagated.stderr().contains("create makes a one-node cluster, so --propagate has nobody to"
                + " reach"), createPropagated.toString());
        ok(ctl1.run("cluster", "create", "lab", "--node", "node1", "--link0", cluster.node(1).address()));
        ok(ctl1.run("cluster", "addnode", "node2", "--link0", cluster.node(2).address()));
        String beforeRefusal = Files.readString(cluster.node(1).configFile());
        ClientRun standalone = ctl1.run("cluster", "addnode", "node3", "--link0", cluster.node(3).address(), "--propagate");
        assertEquals(1, standalone.exit(), standalone.toString());
        assertEquals("--propagate needs a clustered backend (cpg) on this daemon; this one serves its own host alone,"
                + " so copy the file to the other nodes instead\n", standalone.stderr());
        assertEquals(beforeRefusal, Files.readString(cluster.node(1).configFile()), "refused before anything was written");
        ok(ctl1.run("cluster", "addnode", "node3", "--link0", cluster.node(3).address()));
        nodes.daemon(1).stop();

        for (ClusterNode node : cluster.nodes()) {
            if (node.id() != 1) {
                Files.copy(cluster.node(1).configFile(), node.configFile());
            }
            node.start();
        }
        cluster.awaitMembers(3);
        nodes.startAll();
        for (int node = 1; node <= 3; node++) {
            Map<String, Object> status = nodes.ctl(node).jsonObject("cluster", "status");
            assertEquals(List.of(), status.get("differences"), "node " + node + ": " + status);
            assertEquals(List.of(1, 2, 3), members(status), "node " + node);
        }

        nodes.daemon(3).stop();
        cluster.node(3).stop();
        ClientRun retired = ctl1.run("cluster", "delnode", "node3", "--propagate");
        assertEquals(0, retired.exit(), retired + nodes.logs());
        assertTrue(retired.stdout().contains("  node 1 (node1): written (this node)\n  node 2 (node2): written"),
                retired.stdout());
        assertEquals(Files.readString(cluster.node(1).configFile()), Files.readString(cluster.node(2).configFile()));
        cluster.node(1).run("corosync-cfgtool", "-R");
        cluster.node(1).awaitMembers(2, Duration.ofSeconds(30));
        cluster.node(2).awaitMembers(2, Duration.ofSeconds(30));

        for (int node = 1; node <= 2; node++) {
            Map<String, Object> status = nodes.ctl(node).jsonObject("cluster", "status");
            assertEquals(List.of(), status.get("differences"), "node " + node + ": " + status);
            assertEquals(List.of(1, 2), members(status), "node " + node);
            assertEquals(2, ((List<?>) status.get("nodes")).size(), "node " + node);
            assertEquals(4, ((Number) status.get("config_version")).intValue(), "node " + node);
        }
    }

    private Path backups(int node) {
        return dir.resolve("backups-" + node);
    }

    private static List<Integer> members(Map<String, Object> status) {
        return ((List<?>) ((Map<?, ?>) status.get("corosync")).get("members")).stream()
                .map(m -> ((Number) m).intValue()).toList();
    }

    private void ok(ClientRun run) {
        assertEquals(0, run.exit(), run + nodes.logs());
    }
}
