package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service backup in {@code bin/jfenced}, sharing backend libvirt's test-driver connection: a backup
 * through {@code jfencectl}, and the real {@code fence_virt} fencing the VM while its backup runs.
 */
class BackupSystemTest {

    /** A 16 MiB disk read at 4 MiB/s: the backup takes about 4 s unless fenced. */
    private static final String SERVICE = """
            services {
            	backup {
            		storage = "%s";
            		compress = "zstd";
            		bwlimit = "4M";
            	}
            }
            """;

    @TempDir
    Path dir;

    @AutoClose
    private JfencedProcess daemon;

    @Test
    void fenceOffThroughFenceVirtWinsOverARunningBackup() throws Exception {
        TestHost host = new TestHost(dir);
        Path storage = dir.resolve("backup");
        Path node = nodeWithDisk();
        daemon = JfencedProcess.start(dir, host.config("fence_virt.conf", "", "", "test://" + node,
                SERVICE.formatted(storage)));
        Ctl ctl = Ctl.of(host.adminSocket);

        CompletableFuture<ClientRun> backup = CompletableFuture.supplyAsync(
                () -> ctl.run("backup", "run", "vm-bk", "--mode", "suspend"));
        Backups.awaitCopying(ctl, storage);

        ClientRun off = host.client().run("-o", "off", "-n", "vm-bk");
        assertEquals(0, off.exit(), off.toString());
        assertTrue(off.millis() < 1500, "fence_virt -o off took " + off.millis() + " ms during the backup");

        ClientRun b = backup.get(30, TimeUnit.SECONDS);
        assertEquals(1, b.exit(), b.toString());
        assertTrue(b.stderr().contains("backup of VM vm-bk aborted: VM fenced (off) during the backup"), b.toString());
        assertEquals(List.of(), Backups.files(storage), "no archive, no temporary file");
        ClientRun status = host.client().run("-o", "status", "-n", "vm-bk");
        assertEquals(2, status.exit(), "still off: the backup did not resume it; " + status);
        assertTrue(!ctl.run("status").stdout().contains("backups in progress"), "status shows no backup any more");
        System.out.println("fence_virt -o off during a backup: " + off.millis() + " ms");
    }

    @Test
    void backupThroughJfencectlStreamsProgressAndListsTheArchive() throws Exception {
        TestHost host = new TestHost(dir);
        Path storage = dir.resolve("backup");
        Path node = nodeWithDisk();
        daemon = JfencedProcess.start(dir, host.config("fence_virt.conf", "", "", "test://" + node,
                SERVICE.formatted(storage).replace("bwlimit = \"4M\";", "")));
        Ctl ctl = Ctl.of(host.adminSocket);

        ClientRun run = ctl.run("backup", "run", "vm-bk", "--mode", "stop");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.stdout().contains("100% (16.0 MiB of 16.0 MiB)"), run.toString());
        assertTrue(run.stdout().contains("VM started again"), run.toString());
        assertEquals(0, host.client().run("-o", "status", "-n", "vm-bk").exit(), "running again");

        List<String> archives = Backups.files(storage);
        assertEquals(1, archives.size(), archives.toString());
        ClientRun list = ctl.run("backup", "list");
        assertTrue(list.stdout().contains(archives.get(0)), list.toString());
        ClientRun verify = ctl.run("backup", "verify", archives.get(0));
        assertEquals(0, verify.exit(), verify.toString());
        assertTrue(daemon.log().contains("audit: user root asks for a backup of VM vm-bk"), daemon.log());
    }

    /** A node file with one running VM, vm-bk, whose disk is a 16 MiB file of random bytes. */
    private Path nodeWithDisk() throws Exception {
        return Backups.nodeWithDisk(dir.resolve("backup-node.xml"), "vm-bk", "99999999-9999-4999-8999-999999999999", 16);
    }
}
