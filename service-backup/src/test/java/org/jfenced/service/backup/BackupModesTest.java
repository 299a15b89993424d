package org.jfenced.service.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each mode the test driver supports: the archive (unpacked by GNU tar) holds every disk byte for byte,
 * the domain XML and a manifest that agrees, and the VM ends in the power state it had.
 */
class BackupModesTest {

    @TempDir
    Path dir;

    @Test
    void stopModeCopiesEveryDiskAndStartsTheVmAgain() throws Exception {
        try (TestHypervisor h = new TestHypervisor(dir, null)) {
            TestHypervisor.Reply r = h.ctl("run", "vm-run", "--mode", "stop");
            assertTrue(r.ok(), r.all());
            assertTrue(r.all().contains("VM shut down") && r.all().contains("VM started again"), r.all());
            assertEquals(VmState.RUNNING, h.state("vm-run"));
            assertArchiveMatches(h, onlyArchive(h), "vm-run", List.of("run-sparse.img", "run-dense.img"));
        }
    }

    @Test
    void suspendModePausesAndResumes() throws Exception {
        try (TestHypervisor h = new TestHypervisor(dir, null)) {
            TestHypervisor.Reply r = h.ctl("run", "vm-run", "--mode", "suspend", "--compress", "gzip");
            assertTrue(r.ok(), r.all());
            assertTrue(r.all().contains("VM paused") && r.all().contains("VM resumed"), r.all());
            assertEquals(VmState.RUNNING, h.state("vm-run"));
            Path archive = onlyArchive(h);
            assertTrue(archive.getFileName().toString().endsWith(".tar.gz"), archive.toString());
            assertArchiveMatches(h, archive, "vm-run", List.of("run-sparse.img", "run-dense.img"));
        }
    }

    @Test
    void aStoppedVmStaysStoppedInEveryMode() throws Exception {
        try (TestHypervisor h = new TestHypervisor(dir, null)) {
            for (String mode : List.of("stop", "suspend")) {
                TestHypervisor.Reply r = h.ctl("run", "vm-off", "--mode", mode, "--compress", "none",
                        "--storage", dir.resolve(mode).toString());
                assertTrue(r.ok(), r.all());
                assertEquals(VmState.SHUTOFF, h.state("vm-off"), "after mode " + mode);
            }
            try (var files = Files.list(dir.resolve("stop"))) {
                Path archive = files.findFirst().orElseThrow();
                Path out = ArchiveContents.untar(archive, dir.resolve("unpacked"));
                assertEquals(ArchiveContents.sha256(h.images.resolve("off.img")),
                        ArchiveContents.sha256(out.resolve("disks/vda.img")));
            }
        }
    }

    @Test
    void snapshotModeIsRefusedWhereTheHypervisorHasNoBackupApi() throws Exception {
        try (TestHypervisor h = new TestHypervisor(dir, null)) {
            TestHypervisor.Reply r = h.ctl("run", "vm-run", "--mode", "snapshot");
            assertFalse(r.ok());
            assertTrue(r.text().contains("mode snapshot needs libvirt's backup API") && r.text().contains("TEST"),
                    r.text());
            assertEquals(VmState.RUNNING, h.state("vm-run"));
            assertTrue(h.archives().isEmpty(), "nothing written");
        }
    }

    @Test
    void cdromsAreLeftOutAndBlockDisksRefusedByName() throws Exception {
        try (TestHypervisor h = new TestHypervisor(dir, null)) {
            TestHypervisor.Reply cd = h.ctl("run", "vm-cd");
            assertTrue(cd.ok(), cd.all());
            Path out = ArchiveContents.untar(onlyArchive(h), dir.resolve("cd"));
            try (var disks = Files.list(out.resolve("disks"))) {
                assertEquals(List.of("vda.img"), disks.map(p -> p.getFileName().toString()).toList());
            }
            TestHypervisor.Reply block = h.ctl("run", "vm-block");
            assertFalse(block.ok());
            assertTrue(block.text().contains("disk vda has type 'block': only file-backed disks"), block.text());
            assertEquals(VmState.RUNNING, h.state("vm-block"));
        }
    }

    @Test
    void progressGoesToTheClientInVzdumpsFormat() throws Exception {
        try (TestHypervisor h = new TestHypervisor(dir, null)) {
            TestHypervisor.Reply r = h.ctl("run", "vm-run");
            assertTrue(r.progress().stream().anyMatch(l -> l.matches("100% \\(11\\.0 MiB of 11\\.0 MiB\\) in .*, read: .*/s,"
                    + " write: .*/s")), r.all());
            assertTrue(r.progress().stream().anyMatch(l -> l.startsWith("transferred 11.0 MiB in ")), r.all());
        }
    }

    static Path onlyArchive(TestHypervisor h) throws Exception {
        List<Path> files = h.archives();
        assertEquals(1, files.size(), "one archive, no temporary file: " + files);
        return files.get(0);
    }

    private void assertArchiveMatches(TestHypervisor h, Path archive, String vm, List<String> images) throws Exception {
        assertTrue(archive.getFileName().toString().matches("jfenced-" + vm + "-\\d{4}_\\d\\d_\\d\\d-\\d\\d_\\d\\d_\\d\\d\\.tar.*"),
                archive.toString());
        Path out = ArchiveContents.untar(archive, dir.resolve("unpacked-" + archive.getFileName()));
        String[] targets = {"vda", "vdb"};
        String manifest = Files.readString(out.resolve("manifest.txt"));
        for (int i = 0; i < images.size(); i++) {
            Path source = h.images.resolve(images.get(i));
            Path copied = out.resolve("disks/" + targets[i] + ".img");
            String sum = ArchiveContents.sha256(source);
            assertEquals(sum, ArchiveContents.sha256(copied), images.get(i) + " byte for byte");
            assertTrue(manifest.contains("disk " + targets[i] + " raw disks/" + targets[i] + ".img " + Files.size(source)
                    + " " + sum + " " + source), manifest);
        }
        String xml = Files.readString(out.resolve("domain.xml"));
        assertTrue(xml.contains("<name>" + vm + "</name>") && xml.contains(h.images.toString()), xml);
        assertTrue(manifest.contains("file domain.xml " + Files.size(out.resolve("domain.xml")) + " "
                + ArchiveContents.sha256(out.resolve("domain.xml"))), manifest);
    }
}
