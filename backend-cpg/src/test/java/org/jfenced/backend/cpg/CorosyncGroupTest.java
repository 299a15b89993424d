package org.jfenced.backend.cpg;

import static org.jfenced.backend.cpg.Hosts.fence;
import static org.jfenced.backend.cpg.Hosts.hostList;
import static org.jfenced.backend.cpg.Hosts.isRunning;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jfenced.nativelib.testcluster.ClusterNode;
import org.jfenced.nativelib.testcluster.CorosyncCluster;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three cpg backends in this JVM, one per node of a real three-node corosync cluster (each created on a
 * thread inside its node's network namespace, so it talks to that node's corosync and votequorum).
 */
class CorosyncGroupTest {

    private static final Duration TOKEN = Duration.ofMillis(500);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(8);

    @RegisterExtension
    static final CorosyncCluster cluster = CorosyncCluster.builder("cpgbackend").nodes(3).tokenMs((int) TOKEN.toMillis())
            .build();

    @TempDir
    Path dir;

    private final List<CpgBackend> backends = new ArrayList<>();

    @BeforeEach
    void aBackendOnEveryNode() throws Exception {
        for (ClusterNode node : cluster.nodes()) {
            String uri = Hosts.uri(dir, node.id());
            backends.add(node.call(() -> CpgBackend.start(Hosts.settings(uri, REQUEST_TIMEOUT), Hosts.FAST,
                    CpgChannel::join, VotequorumView.open(), request -> { })));
        }
        Hosts.await("every member sees three published members", Duration.ofSeconds(10), () -> backends.stream()
                .allMatch(b -> {
                    ClusterSnapshot s = b.snapshot().toCompletableFuture().join();
                    return s.members().size() == 3 && s.members().stream().allMatch(ClusterSnapshot.Member::published);
                }));
    }

    @AfterEach
    void stopBackends() {
        backends.forEach(CpgBackend::close);
    }

    private CpgBackend host(int node) {
        return backends.get(node - 1);
    }

    @Test
    void remoteVerbsReachTheHostOfTheVm() {
        assertEquals(FenceResult.SUCCESS, fence(host(1), FenceAction.STATUS, "vm-3a"));
        assertEquals(FenceResult.SUCCESS, fence(host(1), FenceAction.OFF, "vm-3a"));
        assertFalse(isRunning(host(3), "vm-3a"));
        assertEquals(FenceResult.OFF, fence(host(2), FenceAction.STATUS, "vm-3a"));
        assertEquals(FenceResult.SUCCESS, fence(host(1), FenceAction.ON, "vm-3a"));
        assertTrue(isRunning(host(3), "vm-3a"));
        assertEquals(List.of("cold", "shared", "vm-1a", "vm-1b", "vm-2a", "vm-3a", "vm-3b", "vm-3t"),
                hostList(host(1)).stream().map(VmInfo::name).toList());
    }

    @Test
    void cutOffNodeThreeDoesNotCallAnUnknownVmOffButTheMajorityDoes() throws Exception {
        assertEquals(FenceResult.OFF, fence(host(1), FenceAction.STATUS, "no-such-vm"));
        cluster.node(3).partition();
        cluster.node(1).awaitMembers(2, Duration.ofSeconds(10));
        cluster.node(3).awaitMembers(1, Duration.ofSeconds(10));
        Hosts.await("node 3 is alone in its group", Duration.ofSeconds(5),
                () -> host(3).snapshot().toCompletableFuture().join().members().size() == 1);
        assertEquals(FenceResult.FAIL, fence(host(3), FenceAction.OFF, "no-such-vm"), "node 3 alone has no quorum");
        assertEquals(FenceResult.FAIL, fence(host(3), FenceAction.STATUS, "vm-1a"), "nor can it say anything of node 1's VMs");
        Hosts.await("nodes 1 and 2 are a group of two", Duration.ofSeconds(5),
                () -> host(1).snapshot().toCompletableFuture().join().members().size() == 2);
        assertEquals(FenceResult.SUCCESS, fence(host(1), FenceAction.OFF, "no-such-vm"), "the quorate majority answers");
    }

    @Test
    void whenNodeThreeCrashesARequestInFlightToItIsAnsweredByTheSurvivorsAfterItsSelfFenceDeadline() throws Exception {
        long crash = System.nanoTime();
        cluster.node(3).kill();
        CompletableFuture<FenceResult> inFlight = host(1).fence(new FenceRequest(FenceAction.STATUS, "vm-3a", "127.0.0.1",
                1, "test")).thenApply(FenceOutcome::result).toCompletableFuture();
        assertEquals(FenceResult.OFF, inFlight.get(15, TimeUnit.SECONDS), "vm-3a is gone with its host");
        long millis = (System.nanoTime() - crash) / 1_000_000;
        long deadline = Hosts.SELF_FENCE_TIMEOUT.plus(Hosts.SPLIT_SKEW).toMillis();
        assertTrue(millis >= deadline, "answered " + millis + " ms after the crash, before node 3's self-fence deadline");
        // detection (token + consensus) + the deadline + 1 s, as the target; generous for a loaded machine
        assertTrue(millis < 2.2 * TOKEN.toMillis() + deadline + 3000, "answered " + millis + " ms after the crash");
        assertEquals(FenceResult.SUCCESS, fence(host(2), FenceAction.OFF, "vm-3a"));
    }

    @Test
    void twentyConcurrentRequestsFromAllNodesAreEachAnsweredOnce() throws Exception {
        List<CompletableFuture<FenceResult>> answers = new ArrayList<>();
        List<String> targets = List.of("vm-1a", "vm-2a", "vm-3a", "shared", "no-such-vm");
        for (int i = 0; i < 20; i++) {
            answers.add(host(1 + i % 3).fence(new FenceRequest(FenceAction.STATUS, targets.get(i % targets.size()),
                    "127.0.0.1", 100 + i, "test")).thenApply(FenceOutcome::result).toCompletableFuture());
        }
        for (int i = 0; i < 20; i++) {
            FenceResult expected = targets.get(i % targets.size()).equals("no-such-vm") ? FenceResult.OFF : FenceResult.SUCCESS;
            assertEquals(expected, answers.get(i).get(10, TimeUnit.SECONDS), "request " + i);
        }
        Hosts.await("every member closed every request", Duration.ofSeconds(5), () -> backends.stream()
                .allMatch(b -> b.snapshot().toCompletableFuture().join().openRequests().isEmpty()));
    }
}
