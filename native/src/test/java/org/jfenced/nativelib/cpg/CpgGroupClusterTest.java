package org.jfenced.nativelib.cpg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jfenced.nativelib.cpg.RecordingListener.Membership;
import org.jfenced.nativelib.cpg.RecordingListener.Message;
import org.jfenced.nativelib.cpg.RecordingListener.Ring;
import org.jfenced.nativelib.testcluster.CorosyncCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CPG on a healthy three-node cluster: membership, self-delivery, total order. One member per node, all in this JVM. */
class CpgGroupClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int PID = (int) ProcessHandle.current().pid();

    @RegisterExtension
    static final CorosyncCluster cluster = CorosyncCluster.builder("cpggroup").nodes(3).build();

    private final List<CpgGroup> groups = new ArrayList<>();

    @AfterEach
    void leaveAll() {
        groups.forEach(CpgGroup::close);
    }

    @Test
    void everyMemberSeesJoinsAndLeavesWithTheNodeIdsOfTheNodelist() throws Exception {
        RecordingListener l1 = new RecordingListener();
        RecordingListener l2 = new RecordingListener();
        RecordingListener l3 = new RecordingListener();

        CpgGroup g1 = joinOn(1, "joins", l1);
        assertEquals(1, g1.localNodeId());
        Membership first = l1.await(0, Membership.class, m -> true, WAIT);
        assertEquals(List.of(new CpgMember(1, PID)), first.members());
        assertEquals(List.of(new CpgMemberChange(new CpgMember(1, PID), CpgReason.JOIN)), first.joined());

        joinOn(2, "joins", l2);
        l1.await(0, Membership.class, m -> m.hasJoined(2) && m.members().size() == 2, WAIT);
        CpgGroup g3 = joinOn(3, "joins", l3);
        assertEquals(3, g3.localNodeId());
        for (RecordingListener listener : List.of(l1, l2, l3)) {
            Membership all = listener.await(0, Membership.class, m -> m.members().size() == 3, WAIT);
            assertEquals(Set.of(1, 2, 3), nodeIds(all.members()));
            assertTrue(all.hasJoined(3), "node 3 joined: " + all);
        }
        Ring ring = l3.await(0, Ring.class, r -> true, WAIT);
        assertEquals(List.of(1, 2, 3), ring.nodeIds().stream().sorted().collect(Collectors.toList()));
        assertEquals(Set.of(new CpgMember(1, PID), new CpgMember(2, PID), new CpgMember(3, PID)), Set.copyOf(g1.members()));

        int mark1 = l1.mark();
        int mark3 = l3.mark();
        groups.remove(1).close();
        for (RecordingListener listener : List.of(l1, l3)) {
            Membership afterLeave = listener.await(listener == l1 ? mark1 : mark3, Membership.class,
                    m -> m.hasLeft(2, CpgReason.LEAVE), WAIT);
            assertEquals(Set.of(1, 3), nodeIds(afterLeave.members()));
        }
    }

    @Test
    void aMemberReceivesItsOwnMessagesLikeEveryoneElse() throws Exception {
        RecordingListener l1 = new RecordingListener();
        RecordingListener l2 = new RecordingListener();
        CpgGroup g1 = joinOn(1, "self", l1);
        joinOn(2, "self", l2);
        l1.await(0, Membership.class, m -> m.members().size() == 2, WAIT);

        g1.send("fence vm-17".getBytes(StandardCharsets.UTF_8));
        g1.send("off ".getBytes(StandardCharsets.UTF_8), "in two parts".getBytes(StandardCharsets.UTF_8));

        for (RecordingListener listener : List.of(l1, l2)) {
            listener.await(0, Message.class, m -> m.text().equals("off in two parts"), WAIT);
            assertEquals(List.of(new Message(1, PID, "fence vm-17", 0), new Message(1, PID, "off in two parts", 0)),
                    withoutTimes(listener.messages()));
        }
    }

    @Test
    void threeConcurrentSendersProduceTheSameTotalOrderOnEveryNode() throws Exception {
        int perSender = 500;
        List<RecordingListener> listeners = List.of(new RecordingListener(), new RecordingListener(), new RecordingListener());
        List<CpgGroup> members = new ArrayList<>();
        for (int node = 1; node <= 3; node++) {
            members.add(joinOn(node, "order", listeners.get(node - 1)));
        }
        listeners.get(0).await(0, Membership.class, m -> m.members().size() == 3, WAIT);

        ExecutorService senders = Executors.newFixedThreadPool(3);
        List<CompletableFuture<Void>> sending = new ArrayList<>();
        for (CpgGroup member : members) {
            sending.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < perSender; i++) {
                    try {
                        member.send(("n" + member.localNodeId() + "-" + i).getBytes(StandardCharsets.UTF_8));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, senders));
        }
        CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        senders.shutdown();

        for (RecordingListener listener : listeners) {
            listener.await(0, Message.class, m -> listener.messages().size() == 3 * perSender, Duration.ofSeconds(30));
        }
        List<String> order = texts(listeners.get(0).messages());
        assertEquals(3 * perSender, order.size());
        assertEquals(order, texts(listeners.get(1).messages()), "node 2 delivered in the same order as node 1");
        assertEquals(order, texts(listeners.get(2).messages()), "node 3 delivered in the same order as node 1");
        for (int node = 1; node <= 3; node++) {
            String prefix = "n" + node + "-";
            List<String> fromNode = order.stream().filter(text -> text.startsWith(prefix)).collect(Collectors.toList());
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < perSender; i++) {
                sent.add(prefix + i);
            }
            assertEquals(sent, fromNode, "node " + node + "'s messages arrive in the order it sent them");
        }
    }

    @Test
    void aBurstOfLargeMessagesWhileDeliveryIsHeldUpArrivesCompleteAndInOrder() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> received = Collections.synchronizedList(new ArrayList<>());
        CpgGroup sender = joinOn(1, "burst", new CpgListener() {
            @Override
            public void onMessage(int nodeId, int pid, byte[] message) {
                awaitUninterruptibly(release);
                received.add(ByteBuffer.wrap(message).getInt());
            }

            @Override
            public void onMembership(List<CpgMember> members, List<CpgMemberChange> joined, List<CpgMemberChange> left) {
            }
        });
        int messages = 300;
        byte[] big = new byte[64 * 1024];
        // delivery is held up while 19 MiB go out: corosync queues it all and now and then answers
        // TRY_AGAIN, which send retries
        CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(release::countDown);
        for (int i = 0; i < messages; i++) {
            ByteBuffer.wrap(big).putInt(0, i);
            sender.send(big);
        }

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (received.size() < messages && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            expected.add(i);
        }
        assertEquals(expected, received);
    }

    @Test
    void aListenerThatThrowsStillReceivesTheNextEvent() throws Exception {
        RecordingListener recorder = new RecordingListener();
        CpgGroup member = joinOn(1, "throwing", new CpgListener() {
            @Override
            public void onMessage(int nodeId, int pid, byte[] message) {
                recorder.onMessage(nodeId, pid, message);
                throw new IllegalStateException("listener bug, on purpose");
            }

            @Override
            public void onMembership(List<CpgMember> members, List<CpgMemberChange> joined, List<CpgMemberChange> left) {
            }
        });

        member.send("first".getBytes(StandardCharsets.UTF_8));
        member.send("second".getBytes(StandardCharsets.UTF_8));

        recorder.await(0, Message.class, m -> m.text().equals("second"), WAIT);
        assertTrue(member.isConnected());
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CpgGroup joinOn(int node, String group, CpgListener listener) throws Exception {
        CpgGroup joined = cluster.node(node).call(() -> CpgGroup.join(group, listener));
        groups.add(joined);
        return joined;
    }

    private static Set<Integer> nodeIds(List<CpgMember> members) {
        return members.stream().map(CpgMember::nodeId).collect(Collectors.toSet());
    }

    private static List<String> texts(List<Message> messages) {
        return messages.stream().map(Message::text).collect(Collectors.toList());
    }

    private static List<Message> withoutTimes(List<Message> messages) {
        return messages.stream().map(m -> new Message(m.nodeId(), m.pid(), m.text(), 0)).collect(Collectors.toList());
    }
}
