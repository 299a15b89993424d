package org.jfenced.nativelib.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jfenced.nativelib.CorosyncException;
import org.jfenced.nativelib.CsError;
import org.jfenced.nativelib.testcluster.CorosyncCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** votequorum through a partition of a three-node cluster: only the majority may act. */
class QuorumPartitionTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    static final CorosyncCluster cluster = CorosyncCluster.builder("quorum").nodes(3).build();

    private final List<RecordingQuorumListener> listeners = new ArrayList<>();
    private final List<Quorum> quorums = new ArrayList<>();

    @BeforeEach
    void openOnEveryNode() throws Exception {
        for (int node = 1; node <= 3; node++) {
            RecordingQuorumListener listener = new RecordingQuorumListener();
            listeners.add(listener);
            quorums.add(cluster.node(node).call(() -> Quorum.open(listener)));
        }
    }

    @AfterEach
    void closeAll() {
        quorums.forEach(Quorum::close);
    }

    @Test
    void aHealthyClusterIsQuorateEverywhere() {
        for (Quorum quorum : quorums) {
            QuorumState state = quorum.state();
            assertTrue(state.quorate(), state.toString());
            assertEquals(3, state.expectedVotes());
            assertEquals(3, state.totalVotes());
            assertEquals(2, state.quorum());
            assertEquals(List.of(1, 2, 3), state.members());
        }
    }

    @Test
    void theMinorityIsNotQuorateAndTheMajorityIsAndAfterHealingAllAgreeAgain() throws Exception {
        listeners.forEach(RecordingQuorumListener::clear);
        cluster.node(3).partition();

        QuorumState minority = listener(3).await(s -> !s.quorate(), WAIT);
        assertEquals(List.of(3), minority.members());
        assertEquals(1, minority.totalVotes());
        assertFalse(quorum(3).isQuorate());
        for (int node = 1; node <= 2; node++) {
            QuorumState majority = listener(node).await(s -> s.members().equals(List.of(1, 2)), WAIT);
            assertTrue(majority.quorate(), majority.toString());
            assertEquals(2, majority.totalVotes());
            assertTrue(quorum(node).isQuorate());
        }

        listeners.forEach(RecordingQuorumListener::clear);
        cluster.node(3).heal();
        for (int node = 1; node <= 3; node++) {
            QuorumState healed = listener(node).await(s -> s.members().size() == 3, WAIT);
            assertTrue(healed.quorate(), "node " + node + " after healing: " + healed);
            assertEquals(3, healed.totalVotes());
        }
        assertTrue(quorum(3).isQuorate());
    }

    @Test
    void loweringExpectedVotesLetsAnIsolatedNodeBecomeQuorateUntilItRejoins() throws Exception {
        cluster.node(3).partition();
        listener(3).await(s -> !s.quorate(), WAIT);
        listeners.forEach(RecordingQuorumListener::clear);

        quorum(3).setExpectedVotes(1);

        QuorumState alone = listener(3).await(QuorumState::quorate, WAIT);
        assertEquals(1, alone.expectedVotes());
        assertEquals(1, alone.quorum());
        assertEquals(1, quorum(3).expectedVotes());

        listener(3).clear();
        cluster.node(3).heal();
        // back in the cluster, the cluster's expected votes apply again
        QuorumState merged = listener(3).await(s -> s.members().size() == 3 && s.expectedVotes() == 3, WAIT);
        assertTrue(merged.quorate());
    }

    @Test
    void corosyncRefusesExpectedVotesThatWouldBreakQuorum() {
        CorosyncException refused = assertThrows(CorosyncException.class, () -> quorum(1).setExpectedVotes(9));
        assertEquals(CsError.CS_ERR_INVALID_PARAM, refused.error());
        assertTrue(quorum(1).isQuorate());
    }

    @Test
    void aKilledCorosyncMakesTheNodeNotQuorateUntilItIsBack() throws Exception {
        cluster.node(2).kill();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (listener(2).losses() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, listener(2).losses());
        assertFalse(quorum(2).isQuorate());
        assertEquals(QuorumState.UNKNOWN, quorum(2).state());

        listener(2).clear();
        cluster.node(2).start();
        cluster.awaitMembers(3);
        listener(2).await(s -> s.quorate() && s.members().size() == 3, WAIT);
    }

    private RecordingQuorumListener listener(int node) {
        return listeners.get(node - 1);
    }

    private Quorum quorum(int node) {
        return quorums.get(node - 1);
    }
}
