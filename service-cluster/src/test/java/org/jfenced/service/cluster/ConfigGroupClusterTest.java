package org.jfenced.service.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jfenced.nativelib.cpg.CpgMember;
import org.jfenced.nativelib.testcluster.CorosyncCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's CPG group on a real three-node corosync cluster, one member per node, all in this JVM, each
 * with a corosync.conf of its own: what the origin learns when a member's node crashes in the middle of
 * writing, and when its own corosync is gone.
 */
class ConfigGroupClusterTest {

    private static final int PID = (int) ProcessHandle.current().pid();
    private static final Duration ANSWERS = Duration.ofSeconds(10);

    @RegisterExtension
    static final CorosyncCluster cluster = CorosyncCluster.builder("cfggroup").nodes(3).tokenMs(500).build();

    @TempDir
    Path dir;

    private final List<ConfigGroup> groups = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void leave() {
        release.countDown();
        groups.forEach(ConfigGroup::close);
    }

    @Test
    void aMemberWhoseNodeCrashesWhileWritingIsReportedGoneAndTheOthersAnswer() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        ConfigGroup origin = member(1, ConfigFileWriter.ATOMIC_RENAME);
        member(2, ConfigFileWriter.ATOMIC_RENAME);
        member(3, (from, to) -> {
            writing.countDown();
            awaitRelease();
            ConfigFileWriter.ATOMIC_RENAME.move(from, to);
        });
        String version4 = version4();

        CompletableFuture<PendingOffer.Settlement> offered = CompletableFuture.supplyAsync(() -> offer(origin, version4));
        assertTrue(writing.await(10, TimeUnit.SECONDS), "node 3 got the offer");
        cluster.node(3).kill();
        PendingOffer.Settlement settled = offered.get(20, TimeUnit.SECONDS);

        assertEquals(Optional.empty(), settled.undelivered());
        List<PendingOffer.Reply> replies = settled.replies().stream()
                .sorted(Comparator.comparingInt(r -> r.member().nodeId())).toList();
        assertEquals(List.of(
                new PendingOffer.Reply(new CpgMember(2, PID), replies.get(0).answer(), ""),
                new PendingOffer.Reply(new CpgMember(3, PID), Optional.empty(),
                        "its node left the cluster before it answered")), replies);
        assertEquals(Answer.Outcome.WRITTEN, replies.get(0).answer().orElseThrow().outcome());
        assertEquals(version4, Files.readString(conf(2)));
    }

    @Test
    void withoutItsCorosyncAMemberCannotOfferAndSaysSo() throws Exception {
        ConfigGroup origin = member(1, ConfigFileWriter.ATOMIC_RENAME);
        member(2, ConfigFileWriter.ATOMIC_RENAME);

        cluster.node(1).kill();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (origin.isConnected()) {
            assertTrue(System.nanoTime() < deadline, "the group noticed that corosync is gone");
            Thread.sleep(20);
        }
        PendingOffer.Settlement settled = offer(origin, version4());

        assertTrue(settled.undelivered().orElseThrow().startsWith("not sent: cpg_mcast_joined: CS_ERR_LIBRARY"),
                settled.toString());
        assertEquals(ClusterHost.golden("addnode.conf"), Files.readString(conf(2)), "nobody wrote");
    }

    /** A member on {@code node} whose file is addnode.conf (config_version 3) and whose renames go through {@code rename}. */
    private ConfigGroup member(int node, ConfigFileWriter.Rename rename) throws Exception {
        Path home = Files.createDirectories(dir.resolve("n" + node));
        Files.writeString(home.resolve("corosync.conf"), ClusterHost.golden("addnode.conf"));
        ClusterEditor editor = new ClusterEditor(home.resolve("corosync.conf"), ClusterConfig.DEFAULT_AUTHKEY,
                new ConfigFileWriter(home.resolve("backups"), 10, Clock.systemUTC(), rename));
        ConfigGroup group = cluster.node(node).call(() -> ConfigGroup.join("cfg-test", new OfferReceiver(editor)));
        groups.add(group);
        return group;
    }

    /** addnode.conf with node 4 added, as node 1 would have written it. */
    private String version4() throws IOException {
        return ClusterHost.withPve4(dir.resolve("origin"));
    }

    private Path conf(int node) {
        return dir.resolve("n" + node + "/corosync.conf");
    }

    private static PendingOffer.Settlement offer(ConfigGroup origin, String text) {
        try {
            return origin.offer(4, text.getBytes(StandardCharsets.UTF_8), ANSWERS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitRelease() throws IOException {
        try {
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IOException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
