package org.jfenced.service.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage that fills up or cannot be written: a clear error naming the cause, the VM as it was, and
 * nothing left in the storage directory. The storage is a small tmpfs mounted for the test (root).
 */
class StorageFailureTest {

    @TempDir
    Path dir;

    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            run("umount", mounted.toString());
        }
    }

    @Test
    void aFullDiskFailsClearlyRestartsTheVmAndLeavesNothing() throws Exception {
        Path storage = tmpfs("size=1m");
        try (TestHypervisor h = new TestHypervisor(dir, new BackupSettings(storage, Compression.NONE,
                RetentionPolicy.KEEP_ALL, 0))) {
            TestHypervisor.Reply r = h.ctl("run", "vm-run", "--mode", "stop");
            assertFalse(r.ok());
            assertTrue(r.text().contains("cannot write the archive in " + storage) && r.text().contains("No space left"),
                    r.text());
            assertTrue(r.all().contains("VM started again"), r.all());
            assertEquals(VmState.RUNNING, h.state("vm-run"));
            assertEquals(List.of(), list(storage), "nothing left behind");
            assertTrue(h.service.status().isEmpty(), "lock released");
        }
    }

    @Test
    void readOnlyStorageFailsClearlyAndResumesTheVm() throws Exception {
        Path storage = tmpfs("ro,size=1m");
        try (TestHypervisor h = new TestHypervisor(dir, new BackupSettings(storage, Compression.ZSTD,
                RetentionPolicy.KEEP_ALL, 0))) {
            TestHypervisor.Reply r = h.ctl("run", "vm-run", "--mode", "suspend");
            assertFalse(r.ok());
            assertTrue(r.text().contains("Read-only file system"), r.text());
            assertEquals(VmState.RUNNING, h.state("vm-run"), "resumed");
            assertEquals(List.of(), list(storage));
        }
    }

    @Test
    void storageThatCannotBeADirectoryIsRefusedBeforeTheVmIsTouched() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        try (TestHypervisor h = new TestHypervisor(dir, null)) {
            TestHypervisor.Reply r = h.ctl("run", "vm-run", "--mode", "stop", "--storage", file.resolve("sub").toString());
            assertFalse(r.ok());
            assertTrue(r.text().contains("cannot create the storage directory " + file.resolve("sub")), r.text());
            assertFalse(r.all().contains("VM shut down"), r.all());
            assertEquals(VmState.RUNNING, h.state("vm-run"));
        }
    }

    private Path tmpfs(String options) throws Exception {
        Path p = Files.createDirectories(dir.resolve("storage"));
        run("mount", "-t", "tmpfs", "-o", options, "tmpfs", p.toString());
        mounted = p;
        return p;
    }

    private static List<String> list(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out + " (needs root, as scripts/test runs)");
    }
}
