package org.jfenced.nativelib.testcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jfenced.nativelib.cpg.CpgGroup;
import org.jfenced.nativelib.cpg.CpgListener;
import org.jfenced.nativelib.cpg.CpgMember;
import org.jfenced.nativelib.cpg.CpgMemberChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fixture itself: what a node looks like from inside, partitions, and a teardown that leaves nothing. */
class CorosyncClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    static final CorosyncCluster cluster = CorosyncCluster.builder("fixture").nodes(2).build();

    @Test
    void aProcessStartedOnANodeSeesThatNodesNetworkAndItsOwnRun() throws Exception {
        ClusterNode node = cluster.node(2);
        NodeProcess process = node.exec("probe", Map.of("GREETING", "hello from node 2"),
                List.of("sh", "-c", "echo $GREETING; ip -o -4 addr show dev eth0; cat /run/corosync.pid; echo; exec sleep 60"));
        String corosyncPid = Long.toString(node.corosyncPid());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!process.logText().contains(corosyncPid) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String seen = process.logText();
        assertTrue(seen.contains("hello from node 2"), seen);
        assertTrue(seen.contains(node.address() + "/24"), seen);
        assertTrue(seen.contains(corosyncPid), "/run is the node's own, where its corosync keeps its pid: " + seen);

        assertTrue(process.isAlive());
        process.kill();
        assertFalse(process.isAlive());
    }

    @Test
    void aShortCommandRunsOnTheNodeAndReturnsItsOutput() {
        assertEquals(Long.toString(cluster.node(1).corosyncPid()), cluster.node(1).run("cat", "/run/corosync.pid").trim());
    }

    @Test
    void aPartitionedNodeAndTheRestEachSeeOnlyThemselvesUntilHealed() {
        cluster.node(2).partition();
        cluster.node(1).awaitMembers(1, WAIT);
        cluster.node(2).awaitMembers(1, WAIT);

        cluster.node(2).heal();
        cluster.awaitMembers(2);
    }

    @Test
    void teardownLeavesNoNamespaceProcessOrSharedMemoryBehind() throws Exception {
        CorosyncCluster single = CorosyncCluster.builder("teardown").nodes(1).build().start();
        ClusterNode node = single.node(1);
        assertEquals("127.0.0.1", node.address());
        long corosync = node.corosyncPid();
        NodeProcess sleeper = node.exec("sleeper", Map.of(), List.of("sleep", "60"));
        CpgGroup member = node.call(() -> CpgGroup.join("teardown", new CpgListener() {
            @Override
            public void onMessage(int nodeId, int pid, byte[] message) {
            }

            @Override
            public void onMembership(List<CpgMember> members, List<CpgMemberChange> joined, List<CpgMemberChange> left) {
            }
        }));
        node.kill();

        single.close();
        member.close();

        String prefix = "jfc" + ProcessHandle.current().pid() + "-teardown-";
        assertFalse(Command.check(WAIT, List.of("ip", "netns", "list")).contains(prefix));
        assertTrue(ProcessHandle.of(corosync).isEmpty(), "corosync is gone");
        assertFalse(sleeper.isAlive(), "the node's process is gone");
        try (Stream<Path> shm = Files.list(Path.of("/dev/shm"))) {
            assertEquals(List.of(), shm.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("qb-" + corosync + "-") || name.startsWith("qb-corosync-" + corosync + "-"))
                    .toList());
        }
        assertFalse(Files.exists(node.dir().getParent()), "the cluster's directory is gone");
    }
}
