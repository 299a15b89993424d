package org.jfenced.nativelib.cpg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jfenced.nativelib.cpg.RecordingListener.Membership;
import org.jfenced.nativelib.cpg.RecordingListener.Message;
import org.jfenced.nativelib.testcluster.CorosyncCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JNA keeps only weak references to callback objects: if nothing else held them, a collection would
 * silently stop deliveries (or crash the VM). Members come and go and messages flow while another thread
 * forces collections without pause; every callback must keep firing.
 */
class CallbackGcStressTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int ROUNDS = 10;
    private static final int MESSAGES_PER_SENDER = 30;

    @RegisterExtension
    static final CorosyncCluster cluster = CorosyncCluster.builder("gcstress").nodes(2).build();

    @Test
    void callbacksKeepFiringWhileTheCollectorRunsFlatOut() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong collections = new AtomicLong();
        Thread collector = new Thread(() -> {
            while (!stop.get()) {
                byte[][] garbage = new byte[512][];
                for (int i = 0; i < garbage.length; i++) {
                    garbage[i] = new byte[2048];
                }
                System.gc();
                collections.incrementAndGet();
            }
        }, "gc-hammer");

        RecordingListener watcher = new RecordingListener();
        try (CpgGroup anchor = cluster.node(1).call(() -> CpgGroup.join("gc", watcher))) {
            collector.start();
            for (int round = 0; round < ROUNDS; round++) {
                int mark = watcher.mark();
                RecordingListener visitorListener = new RecordingListener();
                CpgGroup visitor = cluster.node(2).call(() -> CpgGroup.join("gc", visitorListener));
                for (int i = 0; i < MESSAGES_PER_SENDER; i++) {
                    visitor.send(bytes("r" + round + "-visitor-" + i));
                    anchor.send(bytes("r" + round + "-anchor-" + i));
                }
                visitorListener.await(0, Message.class,
                        m -> visitorListener.messages().size() == 2 * MESSAGES_PER_SENDER, WAIT);
                visitor.close();
                watcher.await(mark, Membership.class, m -> m.hasLeft(2, CpgReason.LEAVE), WAIT);
            }
        } finally {
            stop.set(true);
            collector.join();
        }

        System.out.printf("%d forced collections during %d join/send/leave rounds%n", collections.get(), ROUNDS);
        assertEquals(ROUNDS * 2 * MESSAGES_PER_SENDER, watcher.messages().size());
        assertEquals(ROUNDS, watcher.all(Membership.class).stream().filter(m -> m.hasJoined(2)).count());
        assertEquals(ROUNDS, watcher.all(Membership.class).stream().filter(m -> m.hasLeft(2, CpgReason.LEAVE)).count());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
