package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.jfenced.nativelib.testcluster.CorosyncCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-node cluster with {@code two_node: 1}: a node cut off stays quorate, so nobody self-fences, and
 * neither side may call the other's VMs off until an operator confirms the other node down.
 */
class CpgTwoNodeSystemTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int ON = 0;
    private static final int FAIL = 1;
    private static final int OFF = 2;

    @RegisterExtension
    static final CorosyncCluster cluster = CorosyncCluster.builder("cpgtwo").nodes(2).tokenMs(500).subnet("10.213.54")
            .quorumSetting("two_node: 1").build();

    @TempDir
    Path dir;

    private CpgNodes nodes;

    private void expect(int exit, ClientRun run, String what) {
        assertEquals(exit, run.exit(), what + ": " + run + "\n" + nodes.logs());
    }

    @Test
    void neitherSideCallsTheOthersRunningVmsOffUntilConfirmedDown() {
        Requirements.root();
        nodes = new CpgNodes(cluster, dir);
        nodes.startAll();
        expect(ON, nodes.fenceVirt(1, "-o", "status", "-n", "vm-2a"), "before the cut");
        cluster.node(2).partition();
        cluster.node(1).awaitMembers(1, WAIT);
        cluster.node(2).awaitMembers(1, WAIT);
        nodes.awaitLog(1, "left [2/", WAIT);
        nodes.awaitLog(2, "left [1/", WAIT);

        expect(FAIL, nodes.fenceVirt(1, "-o", "status", "-n", "vm-2a"), "node 1 asks for node 2's VM");
        expect(FAIL, nodes.fenceVirt(1, "-o", "off", "-n", "vm-2a"), "node 1 asks for node 2's VM");
        expect(FAIL, nodes.fenceVirt(2, "-o", "off", "-n", "vm-1a"), "node 2 asks for node 1's VM");
        assertTrue(nodes.log(1).contains("with two_node a cut-off host may stay quorate"), nodes.logs());
        expect(ON, nodes.fenceVirt(2, "-o", "status", "-n", "vm-2a"), "node 2, quorate with two_node, did not self-fence");
        String cpg = nodes.jfencectl(1, "cpg");
        assertTrue(cpg.contains("node 2: left the cluster") && cpg.contains("two_node"), cpg);

        nodes.jfencectl(1, "confirm-down", "2");
        expect(OFF, nodes.fenceVirt(1, "-o", "status", "-n", "vm-2a"), "after the operator confirmed node 2 down");
        expect(0, nodes.fenceVirt(1, "-o", "off", "-n", "vm-2a"), "after the operator confirmed node 2 down");
    }
}
