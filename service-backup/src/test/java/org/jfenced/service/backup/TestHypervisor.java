package org.jfenced.service.backup;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jfenced.libvirt.LibvirtHost;
import org.jfenced.libvirt.PoolSettings;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.AdminSession;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmState;

/**
 * A test-driver host whose VMs have real disk files: vm-run (running, a sparse and a dense disk),
 * vm-off (shut off, one dense disk), vm-cd (running, a disk and a CD-ROM), vm-block (a block-device
 * disk), and a backup service on the backend's own pool.
 */
final class TestHypervisor implements AutoCloseable {

    static final String RUN_UUID = "0b0b0b0b-1111-4111-8111-000000000001";

    final Path dir;
    final Path storage;
    final Path images;
    final LibvirtHost backend;
    final BackupService service;
    final BackupCommand command;
    private static long seqno;

    TestHypervisor(Path dir, BackupSettings overrides) throws Exception {
        this.dir = dir;
        this.storage = dir.resolve("backup");
        this.images = Files.createDirectories(dir.resolve("images"));
        sparseImage(images.resolve("run-sparse.img"), 8 << 20);
        denseImage(images.resolve("run-dense.img"), (3 << 20) + 1234, 1);
        denseImage(images.resolve("off.img"), 2 << 20, 2);
        denseImage(images.resolve("cd-disk.img"), 1 << 20, 3);
        denseImage(images.resolve("cd.iso"), 1 << 20, 4);
        Path node = dir.resolve("node.xml");
        Files.writeString(node, """
                <node>
                  %s
                  %s
                  %s
                  %s
                </node>
                """.formatted(
                domain("vm-run", RUN_UUID, 1, disk("vda", "run-sparse.img") + disk("vdb", "run-dense.img")),
                domain("vm-off", "0b0b0b0b-1111-4111-8111-000000000002", 5, disk("vda", "off.img")),
                domain("vm-cd", "0b0b0b0b-1111-4111-8111-000000000003", 1, disk("vda", "cd-disk.img")
                        + "<disk type='file' device='cdrom'><source file='" + images.resolve("cd.iso")
                        + "'/><target dev='hdc' bus='ide'/><readonly/></disk>"),
                domain("vm-block", "0b0b0b0b-1111-4111-8111-000000000004", 1,
                        "<disk type='block' device='disk'><source dev='/dev/null'/><target dev='vda' bus='virtio'/></disk>")));
        PoolSettings fast = PoolSettings.defaults().withBackoff(Duration.ofMillis(100), Duration.ofMillis(500));
        backend = new LibvirtHost(List.of("test://" + node), fast);
        assertTrue(backend.pool().awaitAllUp(Duration.ofSeconds(10)), "test driver connected");
        BackupSettings settings = overrides == null
                ? new BackupSettings(storage, Compression.ZSTD, RetentionPolicy.KEEP_ALL, 0)
                : overrides;
        service = new BackupService(settings, backend.pool());
        service.start();
        command = new BackupCommand(service, ZoneOffset.UTC);
    }

    private String domain(String name, String uuid, int runstate, String disks) {
        return """
                <domain type="test" xmlns:test="http://libvirt.org/schemas/domain/test/1.0">
                  <name>%s</name><uuid>%s</uuid><memory>524288</memory><vcpu>1</vcpu><os><type>hvm</type></os>
                  <devices>%s<interface type='network'><mac address='52:54:00:12:34:56'/><source network='default'/></interface></devices>
                  <test:runstate>%d</test:runstate>
                </domain>""".formatted(name, uuid, disks, runstate);
    }

    private String disk(String target, String file) {
        return "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='" + images.resolve(file)
                + "'/><target dev='" + target + "' bus='virtio'/></disk>";
    }

    /** Mostly holes, with data in three places. */
    static void sparseImage(Path p, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size);
            byte[] data = new byte[70_000];
            new Random(7).nextBytes(data);
            for (long at : new long[] {0, size / 2 + 3, size - data.length}) {
                f.seek(at);
                f.write(data);
            }
        }
    }

    /** Every byte written: random, so compression cannot hide a wrong byte. */
    static void denseImage(Path p, int size, long seed) throws IOException {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        Files.write(p, data);
    }

    VmState state(String vm) throws Exception {
        return service.hypervisor().state(vm);
    }

    FenceResult fence(FenceAction action, String vm) throws Exception {
        FenceRequest request = new FenceRequest(action, vm, "127.0.0.1", ++seqno, "test");
        if (action.changesPower()) {
            service.beforePowerAction(request);
        }
        return backend.fence(request).thenApply(FenceOutcome::result).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    Reply ctl(String... args) throws Exception {
        List<String> progress = new CopyOnWriteArrayList<>();
        AdminSession session = new AdminSession() {
            @Override
            public String user() {
                return "tester";
            }

            @Override
            public void progress(String line) {
                progress.add(line);
            }
        };
        return new Reply(command.run(List.of(args), session), progress);
    }

    /** What a command answered, with the progress lines it sent before. */
    record Reply(AdminReply reply, List<String> progress) {
        boolean ok() {
            return reply.exitCode() == AdminReply.OK;
        }

        String text() {
            return reply.text();
        }

        String all() {
            return String.join("\n", progress) + "\n" + reply.text();
        }
    }

    List<Path> archives() throws IOException {
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(storage)) {
            try (var s = Files.list(storage)) {
                s.sorted().forEach(out::add);
            }
        }
        return out;
    }

    @Override
    public void close() {
        service.close();
        backend.close();
    }
}
