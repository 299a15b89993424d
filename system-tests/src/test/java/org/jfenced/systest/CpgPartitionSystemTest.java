package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.concurrent.CompletableFuture;
import org.jfenced.nativelib.testcluster.CorosyncCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node cut off from a real three-node corosync cluster — its link taken down, its corosync and daemon left
 * running — with {@code bin/jfenced} on every node: the cut-off side destroys its VMs, the quorate side never
 * answers OFF for them before that, and the two meet again when the link heals.
 */
class CpgPartitionSystemTest {

    private static final int TOKEN_MS = 500;
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** fence_virt's exit codes: the reply byte. */
    private static final int ON = 0;
    private static final int FAIL = 1;
    private static final int OFF = 2;

    @RegisterExtension
    static final CorosyncCluster cluster = CorosyncCluster.builder("cpgcut").nodes(3).tokenMs(TOKEN_MS)
            .subnet("10.213.53").build();

    @TempDir
    Path dir;

    private CpgNodes nodes;

    private void start(String backendSettings) {
        Requirements.root();
        nodes = new CpgNodes(cluster, dir).withBackendSettings(node -> backendSettings);
        nodes.startAll();
    }

    private void expect(int exit, ClientRun run, String what) {
        assertEquals(exit, run.exit(), what + ": " + run + "\n" + nodes.logs());
    }

    private void cutNodeThree() {
        cluster.node(3).partition();
        cluster.node(1).awaitMembers(2, WAIT);
        nodes.awaitLog(1, "left [3/", WAIT);
    }

    @Test
    void aCutOffNodeDestroysItsVmsBeforeTheOthersCallThemOffAndStartsThemAgainOnceHealed() throws Exception {
        start("");
        expect(ON, nodes.fenceVirt(1, "-o", "status", "-n", "vm-3a"), "before the cut");
        cutNodeThree();
        // asked at node 1 while node 3 may still run vm-3a: answered only after node 3 destroyed it
        CompletableFuture<ClientRun> status = CompletableFuture.supplyAsync(() -> nodes.fenceVirt(1, "-o", "status", "-n", "vm-3a"));
        CompletableFuture<ClientRun> off = CompletableFuture.supplyAsync(() -> nodes.fenceVirt(1, "-o", "off", "-n", "vm-3t"));
        expect(OFF, status.get(), "status of node 3's VM, once its self-fence deadline has passed");
        expect(0, off.get(), "off of node 3's VM, once its self-fence deadline has passed");

        LocalDateTime destroyedA = nodes.loggedAt(3, "self-fence: destroying VM \"vm-3a\"");
        LocalDateTime destroyedT = nodes.loggedAt(3, "self-fence: destroying VM \"vm-3t\"");
        LocalDateTime answeredOff = nodes.loggedAt(2, "no member has the VM; answering OFF as the highest member");
        LocalDateTime answeredSuccess = nodes.loggedAt(2, "no member has the VM; answering SUCCESS as the highest member");
        assertTrue(destroyedA.isBefore(answeredOff), "node 3 destroyed vm-3a at " + destroyedA + ", node 2 answered OFF at "
                + answeredOff + "\n" + nodes.logs());
        assertTrue(destroyedT.isBefore(answeredSuccess), "node 3 destroyed vm-3t at " + destroyedT
                + ", node 2 answered SUCCESS at " + answeredSuccess + "\n" + nodes.logs());
        assertTrue(nodes.log(2).contains("its self-fence deadline has passed; telling the group"), nodes.logs());

        // node 3's own daemon says so too, and starts nothing while it is cut off
        expect(OFF, nodes.fenceVirt(3, "-o", "status", "-n", "vm-3a"), "status at node 3 after its self-fence");
        expect(FAIL, nodes.fenceVirt(3, "-o", "on", "-n", "vm-3a"), "on at node 3 while it is cut off");
        String cpg = nodes.jfencectl(3, "cpg");
        assertTrue(cpg.contains("this host: not quorate since") && cpg.contains("vm-3a"), cpg);

        cluster.node(3).heal();
        cluster.awaitMembers(3);
        nodes.awaitLog(3, "quorate again", WAIT);
        awaitExit(ON, () -> nodes.fenceVirt(1, "-o", "on", "-n", "vm-3a"), "node 3 republished: vm-3a starts there again");
        expect(ON, nodes.fenceVirt(1, "-o", "status", "-n", "vm-3a"), "running on node 3 again");
    }

    @Test
    void withSelfFenceOffTheOthersAnswerFailUntilAnOperatorConfirmsTheNodeDown() {
        start("\t\tself_fence = \"no\";\n");
        cutNodeThree();
        expect(FAIL, nodes.fenceVirt(1, "-o", "status", "-n", "vm-3a"), "node 3 may still run vm-3a");
        expect(FAIL, nodes.fenceVirt(1, "-o", "off", "-n", "vm-3a"), "node 3 may still run vm-3a");
        assertTrue(nodes.log(2).contains("self_fence is off there"), nodes.logs());

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> nodes.jfencectl(1, "confirm-down", "2"));
        assertTrue(refused.getMessage().contains("is a member of the cluster"), refused.getMessage());
        String confirmed = nodes.jfencectl(1, "confirm-down", "3");
        assertTrue(confirmed.contains("node 3 confirmed down"), confirmed);
        expect(OFF, nodes.fenceVirt(1, "-o", "status", "-n", "vm-3a"), "after confirm-down");
        expect(0, nodes.fenceVirt(2, "-o", "off", "-n", "vm-3a"), "after confirm-down");
        String history = nodes.jfencectl(1, "history");
        assertTrue(history.contains("node 3") && history.contains("confirm-down by"), history);
    }

    @Test
    void aNodeWhoseDaemonHadStoppedBeforeItWasCutOffKeepsItsVmsFailedNeverOff() throws Exception {
        start("");
        assertEquals(0, nodes.daemon(3).stop(), nodes.logs());
        nodes.awaitLog(1, "left [3/", WAIT);
        cluster.node(3).partition();
        cluster.node(1).awaitMembers(2, WAIT);
        // longer than any self-fence deadline: node 3's daemon was not there to keep a promise
        Thread.sleep(Long.parseLong(CpgNodes.SELF_FENCE_TIMEOUT_SECONDS) * 1000 + 3 * TOKEN_MS * 22 / 10);
        expect(FAIL, nodes.fenceVirt(1, "-o", "status", "-n", "vm-3a"), "orphaned and cut off");
        expect(FAIL, nodes.fenceVirt(2, "-o", "off", "-n", "vm-3a"), "orphaned and cut off");
        assertFalse(nodes.log(2).contains("answering OFF") || nodes.log(2).contains("answering SUCCESS"), nodes.logs());
    }

    /** Some requests need the group to settle first (node 3 publishing again after the heal). */
    private void awaitExit(int exit, java.util.function.Supplier<ClientRun> run, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        ClientRun last = run.get();
        while (last.exit() != exit && System.nanoTime() < deadline) {
            JfencedProcess.sleep(500);
            last = run.get();
        }
        expect(exit, last, what);
    }
}
