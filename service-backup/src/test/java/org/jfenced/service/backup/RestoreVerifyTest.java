package org.jfenced.service.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restore defines a VM whose disks match the backup; verify and restore both refuse a damaged archive. */
class RestoreVerifyTest {

    @TempDir
    Path dir;

    @Test
    void restoreUnderANewNameDefinesAVmWhoseDisksMatch() throws Exception {
        try (TestHypervisor h = new TestHypervisor(dir, null)) {
            assertTrue(h.ctl("run", "vm-run").ok());
            Path archive = BackupModesTest.onlyArchive(h);
            Path disks = dir.resolve("restored");

            TestHypervisor.Reply r = h.ctl("restore", archive.getFileName().toString(), "--name", "vm-copy",
                    "--storage", disks.toString());
            assertTrue(r.ok(), r.all());

            assertEquals(VmState.SHUTOFF, h.state("vm-copy"), "defined, not started");
            assertEquals(ArchiveContents.sha256(h.images.resolve("run-sparse.img")),
                    ArchiveContents.sha256(disks.resolve("vm-copy-vda.raw")));
            assertEquals(ArchiveContents.sha256(h.images.resolve("run-dense.img")),
                    ArchiveContents.sha256(disks.resolve("vm-copy-vdb.raw")));
            String xml = h.service.hypervisor().facts("vm-copy").xml();
            assertTrue(xml.contains(disks.resolve("vm-copy-vda.raw").toString()), xml);
            assertFalse(xml.contains(TestHypervisor.RUN_UUID), "a new UUID: " + xml);
            assertFalse(xml.contains("52:54:00:12:34:56"), "a new MAC address: " + xml);
            assertEquals(VmState.RUNNING, h.state("vm-run"), "the original is untouched");
            try (var left = Files.list(disks)) {
                assertEquals(2, left.count(), "no temporary files left");
            }
        }
    }

    @Test
    void restoreRefusesToReplaceADefinedVmUnlessForced() throws Exception {
        try (TestHypervisor h = new TestHypervisor(dir, null)) {
            assertTrue(h.ctl("run", "vm-off").ok());
            String archive = BackupModesTest.onlyArchive(h).toString();
            TestHypervisor.Reply refused = h.ctl("restore", archive);
            assertFalse(refused.ok());
            assertTrue(refused.text().contains("VM vm-off is defined: restore under another name (--name NEW), or"
                    + " replace it with --force"), refused.text());

            Files.write(h.images.resolve("off.img"), new byte[] {1, 2, 3});
            TestHypervisor.Reply forced = h.ctl("restore", archive, "--force");
            assertTrue(forced.ok(), forced.all());
            assertEquals(2 << 20, Files.size(h.images.resolve("off.img")), "the disk is back as it was");

            TestHypervisor.Reply running = h.ctl("restore", archive, "--name", "vm-run", "--force");
            assertFalse(running.ok());
            assertTrue(running.text().contains("VM vm-run is running: shut it off"), running.text());
        }
    }

    @Test
    void verifyDetectsACorruptedArchiveAndRestoreRefusesIt() throws Exception {
        for (String compress : List.of("none", "gzip", "zstd")) {
            Path sub = Files.createDirectories(dir.resolve(compress));
            try (TestHypervisor h = new TestHypervisor(sub, null)) {
                assertTrue(h.ctl("run", "vm-off", "--compress", compress).ok());
                Path archive = BackupModesTest.onlyArchive(h);
                TestHypervisor.Reply good = h.ctl("verify", archive.toString());
                assertTrue(good.ok() && good.text().contains("OK, 2 entries match their SHA-256 checksums"),
                        good.text());

                try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
                    long at = f.length() / 2;
                    f.seek(at);
                    int b = f.read();
                    f.seek(at);
                    f.write(b ^ 0x40);
                }
                TestHypervisor.Reply bad = h.ctl("verify", archive.toString());
                assertFalse(bad.ok(), compress + ": " + bad.text());
                assertTrue(bad.text().contains("corrupt") || bad.text().contains("damaged"), compress + ": "
                        + bad.text());

                TestHypervisor.Reply restore = h.ctl("restore", archive.toString(), "--name", "vm-bad");
                assertFalse(restore.ok());
                assertFalse(h.service.hypervisor().exists("vm-bad"), "nothing defined");
                try (var images = Files.list(h.images)) {
                    assertTrue(images.noneMatch(p -> p.getFileName().toString().startsWith("vm-bad")),
                            "no disk written");
                }
            }
        }
    }
}
