package org.jfenced.service.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** backup list and prune over archive files at chosen times, per VM; a dry run removes nothing. */
class PruneCommandTest {

    @TempDir
    Path dir;

    @Test
    void pruneKeepsExactlyWhatTheRulesSayPerVm() throws Exception {
        try (TestHypervisor h = new TestHypervisor(dir, null)) {
            Files.createDirectories(h.storage);
            for (String t : List.of("2026-11-01T10:00:00Z", "2026-11-08T10:00:00Z", "2026-11-20T09:00:00Z",
                    "2026-11-20T18:00:00Z", "2026-11-21T08:00:00Z")) {
                archive(h, "vm-a", t);
                archive(h, "vm-b", t);
            }
            Files.writeString(h.storage.resolve("jfenced-vm-a-2026_11_21-09_00_00.tar.zst.tmp"), "half-written");

            TestHypervisor.Reply list = h.ctl("list", "vm-a");
            assertTrue(list.ok());
            assertEquals(6, list.text().lines().count(), "a header and five archives, no temporary file: "
                    + list.text());

            TestHypervisor.Reply dry = h.ctl("prune", "vm-a", "--keep-last", "1", "--keep-daily", "1",
                    "--keep-weekly", "1", "--dry-run");
            assertEquals("keep keep-last", verdict(dry.text(), "jfenced-vm-a-2026_11_21-08_00_00.tar.zst"));
            assertEquals("keep keep-daily", verdict(dry.text(), "jfenced-vm-a-2026_11_20-18_00_00.tar.zst"));
            assertEquals("keep keep-weekly", verdict(dry.text(), "jfenced-vm-a-2026_11_08-10_00_00.tar.zst"));
            assertEquals("would remove", verdict(dry.text(), "jfenced-vm-a-2026_11_20-09_00_00.tar.zst"));
            assertEquals("would remove", verdict(dry.text(), "jfenced-vm-a-2026_11_01-10_00_00.tar.zst"));
            assertEquals(11, h.archives().size(), "a dry run removes nothing");

            TestHypervisor.Reply real = h.ctl("prune", "vm-a", "--keep-last", "1", "--keep-daily", "1",
                    "--keep-weekly", "1");
            assertTrue(real.text().contains("removed 2 backup(s)"), real.text());
            assertEquals(List.of("jfenced-vm-a-2026_11_08-10_00_00.tar.zst", "jfenced-vm-a-2026_11_20-18_00_00.tar.zst",
                    "jfenced-vm-a-2026_11_21-08_00_00.tar.zst"), names(h, "vm-a"));
            assertEquals(5, names(h, "vm-b").size(), "another VM's backups are not touched");
        }
    }

    @Test
    void aBackupRunPrunesWithTheConfiguredRules() throws Exception {
        Path storage = dir.resolve("backup");
        BackupSettings keepTwo = new BackupSettings(storage, Compression.NONE, new RetentionPolicy(2, 0, 0, 0, 0, 0), 0);
        try (TestHypervisor h = new TestHypervisor(dir, keepTwo)) {
            Files.createDirectories(storage);
            archive(h, "vm-off", "2026-01-01T00:00:00Z");
            archive(h, "vm-off", "2026-01-02T00:00:00Z");
            TestHypervisor.Reply r = h.ctl("run", "vm-off");
            assertTrue(r.ok(), r.all());
            assertTrue(r.all().contains("prune older backups with retention keep-last=2: removed 1"), r.all());
            List<String> left = names(h, "vm-off");
            assertEquals(2, left.size(), left.toString());
            assertEquals("jfenced-vm-off-2026_01_02-00_00_00.tar.zst", left.get(0));
        }
    }

    /** The words before the file name on its line of prune's answer. */
    private static String verdict(String text, String file) {
        return text.lines().filter(l -> l.endsWith(file)).findFirst().orElseThrow()
                .replace(file, "").trim().replaceAll("\\s+", " ");
    }

    private static void archive(TestHypervisor h, String vm, String time) throws Exception {
        Files.writeString(h.storage.resolve(new ArchiveName(vm, Instant.parse(time), Compression.ZSTD).fileName()), "x");
    }

    private static List<String> names(TestHypervisor h, String vm) throws Exception {
        return h.archives().stream().map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith("jfenced-" + vm + "-") && !n.endsWith(".tmp")).sorted().toList();
    }
}
