package org.jfenced.service.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jfenced.nativelib.CorosyncException;
import org.jfenced.nativelib.quorum.QuorumState;
import org.jfenced.nativelib.testcluster.ClusterNode;
import org.jfenced.nativelib.testcluster.CorosyncCluster;
import org.jfenced.spi.AdminReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The files this service writes run a real cluster: three corosyncs, one per network namespace, started
 * with the corosync.conf and authkey that {@code cluster keygen}, {@code create} and {@code addnode} wrote on
 * node 1, copied to the others as an operator would; then {@code delnode} shrinks it, and {@code status}
 * agrees with what corosync reports.
 */
class RealClusterTest {

    private static CorosyncCluster cluster;

    @BeforeAll
    static void network() {
        cluster = CorosyncCluster.builder("svccluster").nodes(3).configuredByTest().build().start();
    }

    @AfterAll
    static void teardown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aClusterMadeByTheServiceFormsShrinksAndReportsItself() throws Exception {
        ClusterNode n1 = cluster.node(1);
        Path authkey = n1.dir().getParent().resolve("authkey");
        ClusterHost host1 = new ClusterHost(n1.dir(), authkey, 10, onNode(n1));

        host1.ok("keygen");
        host1.ok("create jfenced-test --node node1 --link0 " + n1.address());
        host1.ok("addnode node2 --link0 " + cluster.node(2).address());
        host1.ok("addnode node3 --link0 " + cluster.node(3).address());

        AdminReply notRunning = host1.ok("status");
        assertTrue(notRunning.text().contains("corosync        not reachable: corosync does not answer"), notRunning.text());

        for (ClusterNode node : cluster.nodes()) {
            if (node != n1) {
                Files.copy(host1.conf, node.configFile(), StandardCopyOption.REPLACE_EXISTING);
            }
            node.start();
        }
        cluster.awaitMembers(3);

        AdminReply status = host1.ok("status");
        assertEquals(List.of(), data(status).get("differences"), status.text());
        assertEquals(Map.of("reachable", true, "quorate", true, "expected_votes", 3, "total_votes", 3, "quorum", 2,
                "members", List.of(1, 2, 3)), data(status).get("corosync"));
        assertTrue(status.text().contains("encryption aes256/sha256"), status.text());
        assertTrue(status.text().contains(table("NODEID", "NAME", "VOTES", "LINK0", "MEMBER")
                + table("1", "node1", "1", n1.address(), "yes")
                + table("2", "node2", "1", cluster.node(2).address(), "yes")
                + table("3", "node3", "1", cluster.node(3).address(), "yes")), status.text());

        host1.ok("expected 4");
        AdminReply raised = host1.ok("status");
        assertEquals(List.of("expected votes are 4 but the file's nodes have 3: set with \"cluster expected\", or the"
                + " file changed since corosync read it"), data(raised).get("differences"), raised.text());
        host1.ok("expected 3");
        AdminReply refused = host1.run("expected 1");
        assertEquals("corosync refused expected votes 1: it cannot be below the votes present or make this quorate"
                + " partition lose quorum\n", refused.text());
        assertEquals(List.of(), data(host1.ok("status")).get("differences"));

        AdminReply deleted = host1.ok("delnode node3");
        assertEquals(true, data(deleted).get("still_member"), deleted.text());
        cluster.node(3).stop();
        Files.copy(host1.conf, cluster.node(2).configFile(), StandardCopyOption.REPLACE_EXISTING);
        n1.run("corosync-cfgtool", "-R");
        cluster.node(1).awaitMembers(2, Duration.ofSeconds(30));
        cluster.node(2).awaitMembers(2, Duration.ofSeconds(30));

        AdminReply shrunk = host1.ok("status");
        assertEquals(List.of(), data(shrunk).get("differences"), shrunk.text());
        assertEquals(List.of(1, 2), ((Map<?, ?>) data(shrunk).get("corosync")).get("members"));
        assertEquals(2, ((List<?>) data(shrunk).get("nodes")).size());
        assertEquals(4L, data(shrunk).get("config_version"));
    }

    /** A row of the nodes table: columns as wide as their widest cell (the fixture's addresses are all as long). */
    private static String table(String id, String name, String votes, String link0, String member) {
        return String.format("%-6s  %-5s  %-5s  %-" + cluster.node(1).address().length() + "s  %s%n", id, name, votes,
                link0, member);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(AdminReply reply) {
        return (Map<String, Object>) reply.data();
    }

    /** votequorum of the node's own corosync: the connection is opened on a thread inside its namespace. */
    private static LiveCluster onNode(ClusterNode node) {
        VotequorumLiveCluster live = new VotequorumLiveCluster();
        return new LiveCluster() {
            @Override
            public QuorumState quorum() throws CorosyncException {
                return inNode(node, live::quorum);
            }

            @Override
            public void setExpectedVotes(int votes) throws CorosyncException {
                inNode(node, () -> {
                    live.setExpectedVotes(votes);
                    return null;
                });
            }
        };
    }

    private static <T> T inNode(ClusterNode node, Callable<T> call) throws CorosyncException {
        try {
            return node.call(call);
        } catch (CorosyncException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
