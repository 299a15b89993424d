package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jfenced.nativelib.testcluster.CorosyncCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fencing wins across hosts: {@code bin/jfenced} with backend cpg on each node of a real three-node
 * corosync cluster, the backup service on node 3 backing up a VM of node 3's libvirt, and the real
 * {@code fence_virt} asking node 1's daemon to power that VM off. The request never passes node 3's
 * dispatcher — node 3's backend carries it out for the group — and still the backup gives way.
 *
 * <p>The backup runs in stop mode: the VM is shut off while its disk is copied, so the fence's "off"
 * changes nothing libvirt would report; only the backend's announcement can tell the backup. Without it
 * the backup would finish and start the fenced VM again.
 */
class CpgBackupSystemTest {

    private static final String VM = "vm-bk";
    /** fence_virt's exit code for a VM that is off. */
    private static final int OFF = 2;
    /** Far above the 10–200 ms a cpg fence takes here, far below fence_virt's own timeout: a stuck fence fails. */
    private static final long FENCE_BOUND_MILLIS = 5000;

    @RegisterExtension
    static final CorosyncCluster cluster = CorosyncCluster.builder("cpgbackup").nodes(3).tokenMs(500).build();

    @TempDir
    Path dir;

    private CpgNodes nodes;

    @Test
    void aFenceFromNodeOneAbortsTheBackupOfTheVmOnNodeThree() throws Exception {
        Requirements.root();
        Path storage = dir.resolve("backup");
        // 32 MiB read at 4 MiB/s: about 8 s of copying unless the fence stops it
        Backups.nodeWithDisk(dir.resolve("node3.xml"), VM, "99999999-9999-4999-8999-999999999993", 32);
        nodes = new CpgNodes(cluster, dir).withBlocks(node -> node != 3 ? "" : """
                services {
                	backup {
                		storage = "%s";
                		compress = "none";
                		bwlimit = "4M";
                	}
                }
                """.formatted(storage));
        nodes.startAll();
        assertEquals(0, nodes.fenceVirt(1, "-o", "status", "-n", VM).exit(), "node 1 sees node 3's VM running\n"
                + nodes.logs());
        Ctl node3 = Ctl.of(cluster.node(3).runDir().resolve("jfenced/admin.sock"));

        CompletableFuture<ClientRun> backup = CompletableFuture.supplyAsync(
                () -> node3.run("backup", "run", VM, "--mode", "stop"));
        Backups.awaitCopying(node3, storage);

        ClientRun off = nodes.fenceVirt(1, "-o", "off", "-n", VM);
        assertEquals(0, off.exit(), off + "\n" + nodes.logs());
        assertTrue(off.millis() < FENCE_BOUND_MILLIS, "fence_virt -o off from node 1 took " + off.millis() + " ms");

        ClientRun b = backup.get(30, TimeUnit.SECONDS);
        assertEquals(1, b.exit(), b + "\n" + nodes.logs());
        assertTrue(b.stderr().contains("backup of VM " + VM + " aborted: VM fenced (off) during the backup"), b.toString());
        assertTrue(nodes.log(3).lines().anyMatch(l -> l.contains("backup of VM " + VM + ": aborting")
                && l.contains("via cpg")), "told by node 3's backend, not by a libvirt event\n" + nodes.log(3));
        assertEquals(List.of(), Backups.files(storage), "no archive, no temporary file");
        assertFalse(node3.run("status").stdout().contains("backups in progress"), "the lock is released");
        assertEquals(OFF, nodes.fenceVirt(1, "-o", "status", "-n", VM).exit(), "still off: the backup did not start it"
                + " again\n" + nodes.logs());
        System.out.println("fence_virt -o off from node 1 during a backup on node 3: " + off.millis() + " ms");
    }
}
