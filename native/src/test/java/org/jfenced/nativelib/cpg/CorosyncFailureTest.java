package org.jfenced.nativelib.cpg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jfenced.nativelib.CorosyncException;
import org.jfenced.nativelib.CsError;
import org.jfenced.nativelib.cpg.RecordingListener.Lost;
import org.jfenced.nativelib.cpg.RecordingListener.Membership;
import org.jfenced.nativelib.cpg.RecordingListener.Message;
import org.jfenced.nativelib.cpg.RecordingListener.Restarted;
import org.jfenced.nativelib.quorum.Quorum;
import org.jfenced.nativelib.testcluster.CorosyncCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What members see when a node's corosync crashes, shuts down, and comes back. */
class CorosyncFailureTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final CorosyncCluster cluster = CorosyncCluster.builder("failure").nodes(3).tokenMs(1000).build();

    /** token + consensus (1.2 × token) is what totem needs to declare a node lost; plus a margin for a loaded machine. */
    private static final Duration DETECTION_LIMIT = cluster.token().multipliedBy(22).dividedBy(10).plusMillis(1500);

    private final List<RecordingListener> listeners = List.of(new RecordingListener(), new RecordingListener(), new RecordingListener());
    private final List<CpgGroup> members = new ArrayList<>();

    @BeforeEach
    void oneMemberPerNode() throws Exception {
        for (int node = 1; node <= 3; node++) {
            RecordingListener listener = listeners.get(node - 1);
            members.add(cluster.node(node).call(() -> CpgGroup.join("failure", listener)));
        }
        listener(1).await(0, Membership.class, m -> m.members().size() == 3, WAIT);
    }

    @AfterEach
    void leave() {
        members.forEach(CpgGroup::close);
    }

    @Test
    void killedCorosyncIsSeenAsNodeDownWithinTheTokenTimeoutAndItsMemberGetsAnErrorNotAHang() throws Exception {
        int[] marks = marks();
        long killed = System.nanoTime();
        cluster.node(3).kill();

        Lost lost = listener(3).await(marks[2], Lost.class, l -> true, Duration.ofSeconds(2));
        assertTrue(lost.cause().isConnectionLost(), lost.cause().getMessage());
        System.out.printf("node 3's member heard its corosync die %d ms after SIGKILL%n",
                Duration.ofNanos(lost.nanos() - killed).toMillis());
        assertFalse(member(3).isConnected());
        CorosyncException refused = assertThrows(CorosyncException.class, () -> member(3).send(bytes("anyone?")));
        assertTrue(refused.isConnectionLost(), refused.getMessage());

        for (int node = 1; node <= 2; node++) {
            Membership down = listener(node).await(marks[node - 1], Membership.class,
                    m -> m.hasLeft(3, CpgReason.NODEDOWN), DETECTION_LIMIT.plusSeconds(5));
            Duration detected = Duration.ofNanos(down.nanos() - killed);
            System.out.printf("node %d saw node 3 NODEDOWN %d ms after SIGKILL of its corosync (token %d ms)%n",
                    node, detected.toMillis(), cluster.token().toMillis());
            assertTrue(detected.compareTo(DETECTION_LIMIT) <= 0, "detected after " + detected + ", limit " + DETECTION_LIMIT);
            assertEquals(Set.of(1, 2), nodeIds(down.members()));
        }
    }

    @Test
    void aMemberRejoinsWhenItsCorosyncComesBackAndLearnsThatMembershipRestarted() throws Exception {
        cluster.node(3).kill();
        listener(3).await(0, Lost.class, l -> true, Duration.ofSeconds(2));
        listener(1).await(0, Membership.class, m -> m.hasLeft(3, CpgReason.NODEDOWN), DETECTION_LIMIT.plusSeconds(5));

        int[] marks = marks();
        long started = System.nanoTime();
        cluster.node(3).start();
        cluster.awaitMembers(3);

        Restarted restarted = listener(3).await(marks[2], Restarted.class, r -> true, WAIT);
        Membership rejoined = listener(3).await(marks[2], Membership.class, m -> true, WAIT);
        assertTrue(rejoined.nanos() > restarted.nanos(), "the restart notice comes before the new membership");
        assertTrue(rejoined.hasJoined(3), "the first membership after the restart is this member's own join: " + rejoined);
        Membership merged = listener(3).await(marks[2], Membership.class, m -> m.members().size() == 3, WAIT);
        System.out.printf("node 3's member rejoined %d ms and saw all members %d ms after its corosync was started%n",
                Duration.ofNanos(rejoined.nanos() - started).toMillis(), Duration.ofNanos(merged.nanos() - started).toMillis());
        for (int node = 1; node <= 2; node++) {
            listener(node).await(marks[node - 1], Membership.class, m -> m.hasJoined(3) && m.members().size() == 3, WAIT);
        }

        assertTrue(member(3).isConnected());
        member(3).send(bytes("back"));
        for (RecordingListener listener : listeners) {
            listener.await(0, Message.class, m -> m.nodeId() == 3 && m.text().equals("back"), WAIT);
        }
    }

    @Test
    void aCleanCorosyncShutdownIsSeenAtOnceAsProcessDown() throws Exception {
        int[] marks = marks();
        long stopping = System.nanoTime();
        cluster.node(3).stop();

        listener(3).await(marks[2], Lost.class, l -> true, WAIT);
        Membership down = listener(1).await(marks[0], Membership.class, m -> m.hasLeft(3, CpgReason.PROCDOWN), WAIT);
        System.out.printf("node 1 saw node 3's member PROCDOWN %d ms after SIGTERM to its corosync%n",
                Duration.ofNanos(down.nanos() - stopping).toMillis());
        assertTrue(Duration.ofNanos(down.nanos() - stopping).compareTo(cluster.token()) < 0,
                "a graceful shutdown does not wait for the token timeout");
    }

    @Test
    void joiningWhereCorosyncIsNotRunningFailsAtOnce() {
        cluster.node(3).stop();

        long start = System.nanoTime();
        CorosyncException cpg = assertThrows(CorosyncException.class,
                () -> cluster.node(3).call(() -> CpgGroup.join("nobody-home", new RecordingListener())));
        CorosyncException quorum = assertThrows(CorosyncException.class,
                () -> cluster.node(3).call(() -> Quorum.open(state -> { })));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(CsError.CS_ERR_LIBRARY, cpg.error(), cpg.getMessage());
        assertEquals(CsError.CS_ERR_LIBRARY, quorum.error(), quorum.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "failed after " + took);
    }

    private RecordingListener listener(int node) {
        return listeners.get(node - 1);
    }

    private CpgGroup member(int node) {
        return members.get(node - 1);
    }

    private int[] marks() {
        return listeners.stream().mapToInt(RecordingListener::mark).toArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Set<Integer> nodeIds(List<CpgMember> members) {
        return members.stream().map(CpgMember::nodeId).collect(Collectors.toSet());
    }
}
