package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.jfenced.libvirt.PrivateLibvirtd;
import org.jfenced.nativelib.testcluster.CorosyncCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jfenced} with backend cpg on each node of a real three-node corosync cluster (one network
 * namespace per node, token 500 ms), each daemon with its own libvirt test-driver host
 * ({@code cpg/nodeN.xml}), and the real {@code fence_virt} inside node 1's (or another node's) namespace.
 *
 * <p>A test-driver host's state lives in its daemon's own libvirt connection, so what happened on node
 * 3's libvirt is read where it shows: node 3's daemon log (what libvirt did) and the VM list the other
 * nodes hold, which node 3 published from its libvirt's lifecycle events.
 */
class CpgClusterSystemTest {

    private static final int TOKEN_MS = 500;
    /** fence_virt's exit codes: the reply byte. */
    private static final int ON = 0;
    private static final int FAIL = 1;
    private static final int OFF = 2;

    @RegisterExtension
    static final CorosyncCluster cluster = CorosyncCluster.builder("cpgsys").nodes(3).tokenMs(TOKEN_MS).build();

    @TempDir
    Path dir;

    private CpgNodes nodes;

    private CpgNodes started() {
        Requirements.root();
        nodes = new CpgNodes(cluster, dir);
        nodes.startAll();
        return nodes;
    }

    private void expect(int exit, ClientRun run, String what) {
        assertEquals(exit, run.exit(), what + ": " + run + "\n" + nodes.logs());
    }

    /** The list as fence_virt prints it from {@code node}: name → "on"/"off". */
    private Map<String, String> list(int node) {
        ClientRun run = nodes.fenceVirt(node, "-o", "list");
        expect(0, run, "list from node " + node);
        return run.stdout().lines().map(l -> l.trim().split("\\s+")).filter(f -> f.length == 3)
                .collect(Collectors.toMap(f -> f[0], f -> f[2]));
    }

    @Test
    void fromNodeOneStatusOffOnAndRebootActOnNodeThreesLibvirt() {
        started();
        expect(ON, nodes.fenceVirt(1, "-o", "status", "-n", "vm-3a"), "status of a VM running on node 3");
        expect(0, nodes.fenceVirt(1, "-o", "off", "-n", "vm-3a"), "off");
        assertEquals(1, nodes.count(3, "off \"vm-3a\": destroyed on test://"), "node 3's libvirt destroyed it\n" + nodes.logs());
        expect(OFF, nodes.fenceVirt(1, "-o", "status", "-n", "vm-3a"), "status after off");
        assertEquals("off", list(2).get("vm-3a"), "node 3 published the new state");
        expect(0, nodes.fenceVirt(1, "-o", "on", "-n", "vm-3a"), "on");
        assertEquals(1, nodes.count(3, "on \"vm-3a\": started on test://"), nodes.logs());
        expect(ON, nodes.fenceVirt(1, "-o", "status", "-n", "vm-3a"), "status after on");
        expect(0, nodes.fenceVirt(1, "-o", "reboot", "-n", "vm-3a"), "reboot");
        assertEquals(1, nodes.count(3, "reboot \"vm-3a\": restarted on test://"), nodes.logs());
        for (int node = 1; node <= 2; node++) {
            assertEquals(0, nodes.count(node, "\"vm-3a\": "), "only node 3's libvirt acted\n" + nodes.logs());
        }
    }

    /**
     * explain on node 1 names the member and rule that then answer the real client, for a VM running on node
     * 3 and for a VM nobody has; node 1's journal records the same member and rule.
     */
    @Test
    void explainNamesTheMemberAndRuleThatThenAnswerTheRealClient() {
        started();
        Map<String, Object> remote = nodes.ctl(1).jsonObject("explain", "status", "vm-3a");
        assertEquals("3", remote.get("acting_node"), remote.toString());
        assertEquals("runs_there", remote.get("rule"));
        assertEquals("success", remote.get("expected_result"));
        expect(ON, nodes.fenceVirt(1, "-o", "status", "-n", "vm-3a"), "status as explained");
        Map<String, Object> unknown = nodes.ctl(1).jsonObject("explain", "status", "no-such-vm");
        assertEquals("nobody_has_it", unknown.get("rule"), unknown.toString());
        assertEquals("3", unknown.get("acting_node"), "the highest member answers for it");
        assertEquals("off", unknown.get("expected_result"));
        expect(OFF, nodes.fenceVirt(1, "-o", "status", "-n", "no-such-vm"), "unknown VM as explained");

        List<Object> journal = nodes.ctl(1).jsonArray("history", "-n", "2", "--action", "status");
        assertEquals(List.of("3 runs_there success", "3 nobody_has_it off"), journal.stream().map(e -> (Map<?, ?>) e)
                .map(e -> e.get("acting_node") + " " + e.get("rule") + " " + e.get("result")).toList());
    }

    @Test
    void fenceXvmFromNodeOneOverMulticastActsOnNodeThree() {
        Requirements.root();
        nodes = new CpgNodes(cluster, dir);
        nodes.launchMulticast(1, nodes.testUri(1));
        nodes.launch(2, nodes.testUri(2));
        nodes.launch(3, nodes.testUri(3));
        for (int n = 1; n <= 3; n++) {
            nodes.awaitLog(n, "jfenced ready", Duration.ofSeconds(60));
        }
        expect(ON, nodes.fenceXvm(1, "-o", "status", "-n", "vm-3a"), "fence_xvm status of a VM on node 3");
        expect(0, nodes.fenceXvm(1, "-o", "off", "-n", "vm-3a"), "fence_xvm off");
        assertEquals(1, nodes.count(3, "off \"vm-3a\": destroyed on test://"), nodes.logs());
        expect(OFF, nodes.fenceXvm(1, "-o", "status", "-n", "vm-3a"), "fence_xvm status after off");
        ClientRun list = nodes.fenceXvm(1, "-o", "list");
        expect(0, list, "fence_xvm list");
        for (String vm : List.of("vm-1a", "vm-2a", "vm-3a", "shared")) {
            assertTrue(list.stdout().contains(vm), vm + " in\n" + list);
        }
    }

    @Test
    void theListHoldsTheVmsOfAllNodes() {
        started();
        assertEquals(Map.of("vm-1a", "on", "vm-1b", "off", "vm-2a", "on", "vm-3a", "on", "vm-3b", "off",
                "vm-3t", "on", "shared", "on", "cold", "off"), list(1));
    }

    @Test
    void anUnknownVmIsOffAnsweredOnceAndACutOffNodeDoesNotCallItOff() throws Exception {
        started();
        expect(OFF, nodes.fenceVirt(1, "-o", "status", "-n", "no-such-vm"), "unknown VM");
        assertEquals(1, nodes.count(3, "no member has the VM; answering OFF as the highest member"), nodes.logs());
        assertEquals(0, nodes.count(1, "answering OFF") + nodes.count(2, "answering OFF"), nodes.logs());

        cluster.node(3).partition();
        cluster.node(1).awaitMembers(2, Duration.ofSeconds(15));
        cluster.node(3).awaitMembers(1, Duration.ofSeconds(15));
        nodes.awaitLog(3, "members [3/", Duration.ofSeconds(10));
        expect(FAIL, nodes.fenceVirt(3, "-o", "off", "-n", "no-such-vm"), "node 3 alone, without quorum");
        assertTrue(nodes.log(3).contains("this partition is not quorate"), nodes.logs());
        expect(0, nodes.fenceVirt(1, "-o", "off", "-n", "no-such-vm"), "the quorate majority, node 2 highest");
        assertEquals(1, nodes.count(2, "no member has the VM; answering SUCCESS as the highest member"), nodes.logs());
    }

    @Test
    void whenNodeThreeCrashesItsVmsAreAnsweredByTheHighestSurvivorOnceItsSelfFenceDeadlineHasPassed() {
        started();
        long crash = System.nanoTime();
        cluster.node(3).kill();
        nodes.daemon(3).kill();
        ClientRun run = nodes.fenceVirt(1, "-o", "status", "-n", "vm-3a");
        long millis = (System.nanoTime() - crash) / 1_000_000;
        expect(OFF, run, "status of a VM of the crashed node, sent while the group still counted node 3");
        assertTrue(nodes.log(2).contains("no member has the VM; answering OFF as the highest member"), nodes.logs());
        System.out.println("failover: first correct answer " + millis + " ms after the crash (token " + TOKEN_MS
                + " ms, self_fence_timeout " + CpgNodes.SELF_FENCE_TIMEOUT_SECONDS + " s)");
        long selfFence = Long.parseLong(CpgNodes.SELF_FENCE_TIMEOUT_SECONDS) * 1000;
        // the deadline: when node 2 saw node 3 leave (after the crash), plus node 3's timeout and the skew
        // (token + consensus = 2.2 × token); the answer may come no earlier, and about detection later
        assertTrue(millis >= selfFence + 2.2 * TOKEN_MS, "answered " + millis + " ms after the crash, before the deadline");
        assertTrue(millis <= selfFence + 2 * 2.2 * TOKEN_MS + 3000, "answered " + millis + " ms after the crash");
    }

    @Test
    void aVmDefinedOnTwoNodesIsOnUntilDestroyedWhereItRunsAndStartsOnOneNode() {
        started();
        expect(ON, nodes.fenceVirt(1, "-o", "status", "-n", "shared"), "runs on node 3, defined off on node 2");
        expect(0, nodes.fenceVirt(1, "-o", "off", "-n", "shared"), "off");
        assertEquals(1, nodes.count(3, "off \"shared\": destroyed on"), nodes.logs());
        assertEquals(0, nodes.count(2, "off \"shared\""), "node 2, where it was off anyway, did nothing\n" + nodes.logs());
        expect(OFF, nodes.fenceVirt(1, "-o", "status", "-n", "shared"), "status after off");
        expect(0, nodes.fenceVirt(1, "-o", "on", "-n", "cold"), "on of a VM off on nodes 2 and 3");
        assertEquals(1, nodes.count(2, "on \"cold\": started on") + nodes.count(3, "on \"cold\": started on"),
                "started on exactly one node\n" + nodes.logs());
    }

    @Test
    void aVmGoneFromNodeThreesLibvirtIsNoLongerOwnedByIt() {
        started();
        expect(0, nodes.fenceVirt(1, "-o", "off", "-n", "vm-3t"), "destroying a transient VM makes it vanish");
        expect(OFF, nodes.fenceVirt(2, "-o", "status", "-n", "vm-3t"), "answered, though node 3 once had it");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (list(1).containsKey("vm-3t")) {
            assertTrue(System.nanoTime() < deadline, "node 3 withdrew vm-3t\n" + nodes.logs());
            JfencedProcess.sleep(50);
        }
    }

    @Test
    void whileNodeTwosLibvirtdIsDownItsVmsAreNotReportedOff() throws Exception {
        Requirements.root();
        PrivateLibvirtd.RunDirFootprint footprint = new PrivateLibvirtd.RunDirFootprint();
        try (PrivateLibvirtd libvirtd = new PrivateLibvirtd()) {
            libvirtd.start();
            nodes = new CpgNodes(cluster, dir);
            TestHost.copyResource("cpg/node2.xml", dir.resolve("node2.xml"));
            nodes.launch(1, nodes.testUri(1));
            nodes.launch(2, libvirtd.uri(dir.resolve("node2.xml")));
            nodes.launch(3, nodes.testUri(3));
            for (int n = 1; n <= 3; n++) {
                nodes.awaitLog(n, "jfenced ready", Duration.ofSeconds(60));
            }
            expect(ON, nodes.fenceVirt(1, "-o", "status", "-n", "vm-2a"), "before");

            libvirtd.kill();
            nodes.awaitLog(2, "lost (", Duration.ofSeconds(10));
            expect(FAIL, nodes.fenceVirt(1, "-o", "status", "-n", "vm-2a"), "node 2's VM while its libvirtd is down");
            expect(FAIL, nodes.fenceVirt(1, "-o", "off", "-n", "vm-2a"), "off cannot be done, and is not faked");
            assertEquals("on", list(3).get("vm-2a"), "still listed as last seen");

            libvirtd.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            ClientRun after;
            do {
                JfencedProcess.sleep(200);
                after = nodes.fenceVirt(1, "-o", "status", "-n", "vm-2a");
            } while (after.exit() != ON && System.nanoTime() < deadline);
            expect(ON, after, "after libvirtd came back");
        } finally {
            footprint.restore();
        }
    }

    @Test
    void whileNodeThreeRunsCorosyncWithoutJfencedAnUnknownVmIsFailAndOffOnceItsDaemonJoins() {
        Requirements.root();
        nodes = new CpgNodes(cluster, dir);
        nodes.launch(1, nodes.testUri(1));
        nodes.launch(2, nodes.testUri(2));
        nodes.awaitLog(1, "jfenced ready", Duration.ofSeconds(60));
        nodes.awaitLog(2, "jfenced ready", Duration.ofSeconds(60));
        expect(FAIL, nodes.fenceVirt(1, "-o", "status", "-n", "no-such-vm"), "node 3 is in the ring and could run it");
        assertTrue(nodes.log(2).contains("node 3 is in the corosync ring without a jfenced in the group"), nodes.logs());
        assertTrue(nodes.jfencectl(1, "cpg").contains("cluster nodes without jfenced: 3"), nodes.jfencectl(1, "cpg"));
        expect(ON, nodes.fenceVirt(1, "-o", "status", "-n", "vm-2a"), "a VM running at a member is still answered");

        nodes.launch(3, nodes.testUri(3));
        nodes.awaitLog(3, "jfenced ready", Duration.ofSeconds(60));
        expect(OFF, nodes.fenceVirt(1, "-o", "status", "-n", "no-such-vm"), "every ring member has a jfenced now");
        assertEquals(1, nodes.count(3, "no member has the VM; answering OFF as the highest member"), nodes.logs());
    }

    @Test
    void aStoppedDaemonsVmsAreRefusedAlsoWhenItsNodeLeavesTheCluster() {
        started();
        assertEquals(0, nodes.daemon(3).stop(), nodes.logs());
        nodes.awaitLog(1, "left [3/", Duration.ofSeconds(10));
        expect(FAIL, nodes.fenceVirt(1, "-o", "off", "-n", "vm-3a"), "node 3 is up and may still run vm-3a");
        assertTrue(nodes.log(2).contains("whose jfenced left the group while the node stayed in the cluster"), nodes.logs());
        cluster.node(3).stop();
        cluster.node(1).awaitMembers(2, Duration.ofSeconds(10));
        expect(FAIL, nodes.fenceVirt(1, "-o", "off", "-n", "vm-3a"), "node 3's daemon was not there to self-fence");
    }

    @Test
    void jfencectlShowsTheGroupItsVmsWithOwnersAndWhoActed() {
        started();
        expect(0, nodes.fenceVirt(1, "-o", "off", "-n", "vm-3a"), "off");
        String members = nodes.jfencectl(1, "members");
        assertTrue(members.contains("jfenced") && members.contains("1") && members.contains("3"), members);
        String vms = nodes.jfencectl(1, "vms");
        assertTrue(vms.lines().anyMatch(l -> l.contains("vm-3a") && l.contains("3")), vms);
        assertTrue(vms.lines().anyMatch(l -> l.contains("vm-1a")), vms);
        String cpg = nodes.jfencectl(1, "cpg");
        assertTrue(cpg.contains("group jfenced: this member 1/") && cpg.contains("quorate")
                && cpg.contains("requests in flight: none"), cpg);
        assertEquals(3, cpg.lines().filter(l -> l.trim().startsWith("member ") && l.contains("published")).count(), cpg);
        String history = nodes.jfencectl(1, "history");
        assertTrue(history.contains("vm-3a"), history);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyNodesJfencectlAgreesOnTheMembersAndOnWhoOwnsEachVm() {
        started();
        Set<String> firstPlacement = null;
        for (int node = 1; node <= 3; node++) {
            Map<String, Object> members = (Map<String, Object>) JsonReader.parse(nodes.jfencectl(node, "members", "--json"));
            assertEquals(((Number) members.get("my_node_id")).intValue(), node, members.toString());
            assertEquals(3, ((Number) members.get("highest")).intValue(), members.toString());
            assertEquals(Set.of(1, 2, 3), ((List<Map<String, Object>>) members.get("members")).stream()
                    .map(m -> ((Number) m.get("node_id")).intValue()).collect(Collectors.toSet()));
            Set<String> placement = ((List<Map<String, Object>>) JsonReader.parse(nodes.jfencectl(node, "vms", "--json")))
                    .stream().map(v -> v.get("name") + "@" + v.get("owner")).collect(Collectors.toSet());
            assertTrue(placement.contains("vm-3a@3") && placement.contains("vm-1a@1"), placement.toString());
            if (firstPlacement == null) {
                firstPlacement = placement;
            } else {
                assertEquals(firstPlacement, placement, "node " + node + " sees other owners than node 1");
            }
        }
    }

    @Test
    void twentyConcurrentRequestsFromAllNodesAreEachAnsweredOnce() throws Exception {
        started();
        List<String> targets = List.of("vm-1a", "vm-2a", "vm-3a", "shared", "no-such-vm");
        List<CompletableFuture<ClientRun>> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int node = 1 + i % 3;
            String target = targets.get(i % targets.size());
            runs.add(CompletableFuture.supplyAsync(() -> nodes.fenceVirt(node, "-o", "status", "-n", target)));
        }
        for (int i = 0; i < 20; i++) {
            int expected = targets.get(i % targets.size()).equals("no-such-vm") ? OFF : ON;
            expect(expected, runs.get(i).get(), "request " + i);
        }
        for (int node = 1; node <= 3; node++) {
            assertEquals(0, nodes.count(node, "late reply") + nodes.count(node, "duplicate reply")
                    + nodes.count(node, "no answer from the group"), nodes.logs());
        }
    }
}
