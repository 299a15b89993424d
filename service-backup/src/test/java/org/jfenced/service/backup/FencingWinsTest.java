package org.jfenced.service.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fence never waits for a backup of its VM: it completes at once, the backup aborts without leaving
 * a file, and the VM stays as the fence left it. Cancelling instead puts the VM back as it was.
 */
class FencingWinsTest {

    /** 11 MiB of disks at 2 MiB/s: a backup that takes about 5 s unless something stops it. */
    private static final long SLOW = 2L << 20;

    @TempDir
    Path dir;

    private TestHypervisor slowHost() throws Exception {
        return new TestHypervisor(dir, new BackupSettings(dir.resolve("backup"), Compression.ZSTD,
                RetentionPolicy.KEEP_ALL, SLOW));
    }

    @Test
    void offDuringASuspendModeBackupIsImmediateAndTheVmStaysOff() throws Exception {
        try (TestHypervisor h = slowHost()) {
            CompletableFuture<TestHypervisor.Reply> backup = start(h, "run", "vm-run", "--mode", "suspend");
            awaitCopying(h);
            assertTrue(h.service.status().orElseThrow().text().contains("vm-run  suspend  archive"),
                    "the backup shows in status");

            long t0 = System.nanoTime();
            assertEquals(FenceResult.SUCCESS, h.fence(FenceAction.OFF, "vm-run"));
            Duration fenceTook = Duration.ofNanos(System.nanoTime() - t0);
            assertTrue(fenceTook.toMillis() < 500, "fence took " + fenceTook.toMillis() + " ms");

            TestHypervisor.Reply r = backup.get(10, TimeUnit.SECONDS);
            assertFalse(r.ok());
            assertTrue(r.text().contains("aborted: VM fenced (off) during the backup"), r.all());
            assertTrue(h.archives().isEmpty(), "no archive and no temporary file: " + h.archives());
            Thread.sleep(300);
            assertEquals(VmState.SHUTOFF, h.state("vm-run"), "not resumed after the fence");
            assertTrue(h.service.status().isEmpty(), "lock released");
        }
    }

    @Test
    void offByUuidDuringAStopModeBackupKeepsTheVmOff() throws Exception {
        try (TestHypervisor h = slowHost()) {
            CompletableFuture<TestHypervisor.Reply> backup = start(h, "run", "vm-run", "--mode", "stop");
            awaitCopying(h);
            assertEquals(FenceResult.SUCCESS, h.fence(FenceAction.OFF, TestHypervisor.RUN_UUID.toUpperCase()));
            TestHypervisor.Reply r = backup.get(10, TimeUnit.SECONDS);
            assertTrue(r.text().contains("aborted: VM fenced (off)"), r.all());
            assertTrue(r.all().contains("its power state is the fence's"), r.all());
            assertEquals(VmState.SHUTOFF, h.state("vm-run"), "the backup did not start it again");
            assertTrue(h.archives().isEmpty(), h.archives().toString());
        }
    }

    @Test
    void onDuringASuspendModeBackupLeavesTheVmRunningAsTheFenceWants() throws Exception {
        try (TestHypervisor h = slowHost()) {
            CompletableFuture<TestHypervisor.Reply> backup = start(h, "run", "vm-run", "--mode", "suspend");
            awaitCopying(h);
            assertEquals(FenceResult.SUCCESS, h.fence(FenceAction.ON, "vm-run"), "paused counts as on");
            TestHypervisor.Reply r = backup.get(10, TimeUnit.SECONDS);
            assertTrue(r.text().contains("aborted: VM fenced (on)"), r.all());
            assertEquals(VmState.RUNNING, h.state("vm-run"), "resumed, not left paused");
        }
    }

    @Test
    void aStopThatLibvirtReportsAbortsTheBackupToo() throws Exception {
        try (TestHypervisor h = slowHost()) {
            CompletableFuture<TestHypervisor.Reply> backup = start(h, "run", "vm-run", "--mode", "suspend");
            awaitCopying(h);
            FenceRequest behindItsBack = new FenceRequest(FenceAction.OFF, "vm-run", "elsewhere", 1, "test");
            assertEquals(FenceResult.SUCCESS, h.backend.fence(behindItsBack).thenApply(FenceOutcome::result)
                    .toCompletableFuture().get(5, TimeUnit.SECONDS));
            TestHypervisor.Reply r = backup.get(10, TimeUnit.SECONDS);
            assertTrue(r.text().contains("aborted: VM fenced (off)"), r.all());
            assertEquals(VmState.SHUTOFF, h.state("vm-run"));
            assertTrue(h.archives().isEmpty(), h.archives().toString());
        }
    }

    @Test
    void cancelAbortsAndPutsTheVmBack() throws Exception {
        try (TestHypervisor h = slowHost()) {
            CompletableFuture<TestHypervisor.Reply> backup = start(h, "run", "vm-run", "--mode", "stop");
            awaitCopying(h);
            TestHypervisor.Reply cancel = h.ctl("cancel", "vm-run");
            assertTrue(cancel.ok(), cancel.text());
            TestHypervisor.Reply r = backup.get(10, TimeUnit.SECONDS);
            assertTrue(r.text().contains("aborted: cancelled by user tester"), r.all());
            assertEquals(VmState.RUNNING, h.state("vm-run"), "started again");
            assertTrue(h.archives().isEmpty(), h.archives().toString());
            assertFalse(h.ctl("cancel", "vm-run").ok(), "nothing left to cancel");
        }
    }

    @Test
    void stoppingTheServicePutsTheVmBackBeforeTheBackendCloses() throws Exception {
        try (TestHypervisor h = slowHost()) {
            CompletableFuture<TestHypervisor.Reply> backup = start(h, "run", "vm-run", "--mode", "suspend");
            awaitCopying(h);
            h.service.close();
            assertEquals(VmState.RUNNING, h.state("vm-run"), "resumed by the time close returns");
            TestHypervisor.Reply r = backup.get(2, TimeUnit.SECONDS);
            assertTrue(r.text().contains("aborted: cancelled by the daemon stopping"), r.all());
            assertTrue(h.archives().isEmpty(), h.archives().toString());
        }
    }

    @Test
    void oneBackupPerVm() throws Exception {
        try (TestHypervisor h = slowHost()) {
            CompletableFuture<TestHypervisor.Reply> first = start(h, "run", "vm-run", "--mode", "suspend");
            awaitCopying(h);
            TestHypervisor.Reply second = h.ctl("run", "vm-run");
            assertFalse(second.ok());
            assertTrue(second.text().contains("a backup of VM vm-run is running already"), second.text());
            h.ctl("cancel", "vm-run");
            first.get(10, TimeUnit.SECONDS);
            assertEquals(VmState.RUNNING, h.state("vm-run"));
        }
    }

    static CompletableFuture<TestHypervisor.Reply> start(TestHypervisor h, String... args) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return h.ctl(args);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    /** Until the copy has begun (a temporary file exists and bytes moved). */
    static void awaitCopying(TestHypervisor h) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<Path> files = h.archives();
            if (!files.isEmpty() && files.get(0).toString().endsWith(".tmp")
                    && h.service.status().map(s -> s.text().contains("%")).orElse(Boolean.FALSE)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the backup never started copying: " + h.service.status());
    }
}
