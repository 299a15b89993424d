package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jfenced.nativelib.testcluster.CorosyncCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jfencectl cluster addnode|delnode … --propagate} on node 1 of a real three-node corosync cluster, with
 * {@code bin/jfenced} (backend cpg, service cluster) on every node. Each service manages a corosync.conf of
 * its own in the test's directory, not the one the node's corosync runs with, so the cluster stays up
 * whatever the files say; that the files run corosync is {@link ClusterSetupSystemTest}'s part.
 */
class ClusterPropagateSystemTest {

    private static final Pattern ELAPSED = Pattern.compile("through CPG group jfenced-cluster in (\\d+) ms:");

    @RegisterExtension
    static final CorosyncCluster cluster = CorosyncCluster.builder("propsys").nodes(3).tokenMs(500).build();

    @TempDir
    Path dir;

    private CpgNodes nodes;

    @Test
    void aChangeReachesEveryMemberWhoseFileIsOlderAndEachSaysWhatItDid() throws IOException {
        start(node -> true);
        String version3 = threeNodesEverywhere();

        ClientRun added = nodes.ctl(1).run("cluster", "addnode", "node4", "--link0", "10.213.47.4", "--propagate");

        assertEquals(0, added.exit(), added + nodes.logs());
        String version4 = conf(1);
        List<String> lines = added.stdout().lines().toList();
        assertEquals("added node \"node4\" (id 4) on link0 10.213.47.4 to cluster lab (config_version 4)", lines.get(0));
        assertTrue(ELAPSED.matcher(lines.get(1)).find(), added.stdout());
        assertEquals(List.of(
                "  node 1 (node1): written (this node)",
                "  node 2 (node2): written (previous file in " + onlyBackup(2) + ")",
                "  node 3 (node3): written (previous file in " + onlyBackup(3) + ")",
                "  node 4 (node4): not reached (not in the running cluster; it needs this file before it starts corosync)"),
                lines.subList(2, 6));
        for (int node = 2; node <= 3; node++) {
            assertEquals(version4, conf(node), "node " + node + "'s file is node 1's, byte for byte");
            assertEquals(version3, Files.readString(onlyBackup(node)), "node " + node + " kept its previous file");
        }
        assertTrue(nodes.log(2).contains("wrote config_version 4 of cluster lab from node 1 to " + confFile(2)), nodes.log(2));
        assertFalse(nodes.log(2).contains("ring0_addr"), "no file content in the log");
        System.out.println("propagate to 3 nodes: " + elapsed(added) + " ms in the daemon, " + added.millis()
                + " ms for jfencectl");

        ClientRun again = nodes.ctl(1).run("cluster", "addnode", "node4", "--link0", "10.213.47.4", "--force",
                "--propagate");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.stdout().contains("  node 2 (node2): kept its own file (config_version 4, the same file)\n"
                + "  node 3 (node3): kept its own file (config_version 4, the same file)\n"), again.stdout());
        assertEquals(1, backups(2).size(), "a node that keeps its file makes no backup");

        ClientRun deleted = nodes.ctl(1).run("cluster", "delnode", "node4", "--propagate");
        assertEquals(0, deleted.exit(), deleted.toString());
        assertTrue(deleted.stdout().endsWith("  node 3 (node3): written (previous file in " + backups(3).get(1) + ")\n"
                + "run corosync-cfgtool -R on one node so that every node re-reads its file\n"), deleted.stdout());
        assertEquals(conf(1), conf(2));
        assertEquals(conf(1), conf(3));
        assertEquals(version4, Files.readString(backups(2).get(1)));
    }

    @Test
    void aMemberWithANewerOrEqualVersionKeepsItsOwnFileAndTheCommandSaysSo() throws IOException {
        start(node -> true);
        threeNodesEverywhere();
        ok(nodes.ctl(3).run("cluster", "addnode", "node9", "--link0", "10.213.47.9"));
        ok(nodes.ctl(3).run("cluster", "delnode", "node9"));
        String own = conf(3);

        ClientRun older = nodes.ctl(1).run("cluster", "addnode", "node4", "--link0", "10.213.47.4", "--propagate");

        assertEquals(1, older.exit(), older.toString());
        assertTrue(older.stderr().contains("  node 2 (node2): written (previous file in " + onlyBackup(2) + ")\n"
                + "  node 3 (node3): kept its own file (config_version 5 is newer than 4: this change is not in it)\n"),
                older.toString());
        assertEquals(own, conf(3));
        assertEquals(conf(1), conf(2));

        ClientRun equal = nodes.ctl(1).run("cluster", "addnode", "node5", "--link0", "10.213.47.5", "--propagate");

        assertEquals(1, equal.exit(), equal.toString());
        assertTrue(equal.stderr().contains("  node 3 (node3): kept its own file (config_version 5 but another file:"
                + " the two were changed apart)\n"), equal.toString());
        assertEquals(own, conf(3));
        assertEquals(2, backups(3).size(), "node 3 wrote only its own two changes");
    }

    @Test
    void aMemberWithoutTheServiceAndARemovedMemberAreNamedAndTheCommandFails() throws IOException {
        start(node -> node != 3);
        threeNodesEverywhere();
        String before3 = conf(3);

        ClientRun noService = nodes.ctl(1).run("cluster", "addnode", "node4", "--link0", "10.213.47.4", "--propagate");

        assertEquals(1, noService.exit(), noService.toString());
        assertTrue(noService.stderr().contains("  node 2 (node2): written (previous file in " + onlyBackup(2) + ")\n"
                + "  node 3 (node3): no answer (its jfenced is not in CPG group jfenced-cluster: it runs no cluster"
                + " service)\n"), noService.toString());
        assertEquals(before3, conf(3));
        String before2 = conf(2);

        ClientRun removed = nodes.ctl(1).run("cluster", "delnode", "node2", "--propagate");

        assertEquals(1, removed.exit(), removed.toString());
        assertTrue(removed.stderr().contains("  node 2: refused (this node (id 2) is not in the file's nodelist: it was"
                + " removed from the cluster, so stop corosync here rather than run with that file)\n"), removed.toString());
        assertTrue(removed.stderr().contains("node id 2 is still a member: stop corosync there"), removed.toString());
        assertEquals(before2, conf(2));
    }

    /** Daemons on every node, with the cluster service where {@code withService} says. */
    private void start(IntPredicate withService) throws IOException {
        Requirements.root();
        for (int node = 1; node <= 3; node++) {
            Files.createDirectories(dir.resolve("n" + node));
        }
        nodes = new CpgNodes(cluster, dir).withBlocks(node -> withService.test(node) ? """
                services {
                	cluster {
                		corosync_conf = "%s";
                		authkey = "%s";
                		backup_dir = "%s";
                	}
                }
                """.formatted(confFile(node), dir.resolve("authkey"), dir.resolve("n" + node + "/backups")) : "");
        nodes.startAll();
    }

    /** Node 1 writes a three-node cluster, copied to the others as an operator would; returns the file. */
    private String threeNodesEverywhere() throws IOException {
        ok(nodes.ctl(1).run("cluster", "create", "lab", "--node", "node1", "--link0", cluster.node(1).address()));
        ok(nodes.ctl(1).run("cluster", "addnode", "node2", "--link0", cluster.node(2).address()));
        ok(nodes.ctl(1).run("cluster", "addnode", "node3", "--link0", cluster.node(3).address()));
        String file = conf(1);
        Files.writeString(confFile(2), file);
        Files.writeString(confFile(3), file);
        return file;
    }

    private Path confFile(int node) {
        return dir.resolve("n" + node + "/corosync.conf");
    }

    private String conf(int node) throws IOException {
        return Files.readString(confFile(node));
    }

    /** Node {@code node}'s backups, oldest first (their names sort by time). */
    private List<Path> backups(int node) throws IOException {
        Path backups = dir.resolve("n" + node + "/backups");
        if (!Files.isDirectory(backups)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(backups)) {
            return files.sorted().toList();
        }
    }

    private Path onlyBackup(int node) throws IOException {
        List<Path> all = backups(node);
        assertEquals(1, all.size(), "backups of node " + node + ": " + all);
        return all.get(0);
    }

    private static long elapsed(ClientRun run) {
        Matcher m = ELAPSED.matcher(run.stdout());
        assertTrue(m.find(), run.stdout());
        return Long.parseLong(m.group(1));
    }

    private void ok(ClientRun run) {
        assertEquals(0, run.exit(), run + nodes.logs());
    }
}
