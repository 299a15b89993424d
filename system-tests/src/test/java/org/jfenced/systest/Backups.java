package org.jfenced.systest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** What the backup system tests share: a VM with a real disk file, and watching a backup's storage. */
final class Backups {

    private Backups() {
    }

    /** A test-driver node file with one running VM {@code vm}, whose disk is {@code mib} MiB of random bytes. */
    static Path nodeWithDisk(Path nodeFile, String vm, String uuid, int mib) throws IOException {
        Path image = nodeFile.resolveSibling(vm + ".img");
        byte[] data = new byte[1 << 20];
        Random random = new Random(5);
        try (var out = Files.newOutputStream(image)) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(data);
                out.write(data);
            }
        }
        Files.writeString(nodeFile, """
                <node>
                  <domain type="test">
                    <name>%s</name><uuid>%s</uuid>
                    <memory>524288</memory><vcpu>1</vcpu><os><type>hvm</type></os>
                    <devices><disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='%s'/><target dev='vda' bus='virtio'/></disk></devices>
                  </domain>
                </node>
                """.formatted(vm, uuid, image), StandardCharsets.UTF_8);
        return nodeFile;
    }

    /** Waits until the daemon reports a backup copying and its temporary archive exists. */
    static void awaitCopying(Ctl ctl, Path storage) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String status = ctl.run("status").stdout();
            if (status.contains("backups in progress") && status.contains("%") && !files(storage).isEmpty()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the backup did not start copying: " + ctl.run("status"));
    }

    /** The file names in {@code dir}, sorted; none if it does not exist. */
    static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return new ArrayList<>(s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
