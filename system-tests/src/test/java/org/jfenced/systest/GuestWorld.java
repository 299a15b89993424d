package org.jfenced.systest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Two real guests, {@code g1} and {@code g2}, on a {@link GuestHost}: built once per test JVM and shared
 * by the test classes of the real-guest tier, because booting them costs a CPU each for a minute.
 * They boot in parallel (the machine has two CPUs; nothing else of this suite runs meanwhile: surefire
 * runs one test class at a time), are saved, and each test restores the ones it uses. The JVM's
 * shutdown hook stops everything (guests, libvirtd, the namespace), also after a failed test.
 */
final class GuestWorld {

    /** The longest a boot may take on a loaded 2-CPU machine; about 40 s when it is idle. */
    private static final Duration BOOT_LIMIT = Duration.ofMinutes(5);
    private static GuestWorld world;

    final GuestHost host;
    final Guest g1;
    final Guest g2;
    final Path dir;
    /** The key of the daemons' listeners, also in both guests as {@code /etc/cluster/fence_xvm.key}. */
    final Path key;

    private GuestWorld(GuestHost host, Guest g1, Guest g2, Path dir, Path key) {
        this.host = host;
        this.g1 = g1;
        this.g2 = g2;
        this.dir = dir;
        this.key = key;
    }

    static synchronized GuestWorld get() {
        if (world == null) {
            world = build();
        }
        return world;
    }

    private static GuestWorld build() {
        Requirements.root();
        Path image = image();
        Path dir;
        try {
            dir = Files.createTempDirectory("jf-guests");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        AtomicReference<GuestHost> started = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (started.get() != null) {
                started.get().close();
            }
            deleteTree(dir);
        }, "guest-world-cleanup"));
        GuestHost host = GuestHost.start(dir);
        started.set(host);
        byte[] secret = new byte[128];
        new SecureRandom().nextBytes(secret);
        Path key = dir.resolve("fence_xvm.key");
        try {
            Files.write(key, secret);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String installKey = "mkdir -p /etc/cluster && echo " + Base64.getEncoder().encodeToString(secret)
                + " | base64 -d > /etc/cluster/fence_xvm.key && chmod 600 /etc/cluster/fence_xvm.key";
        Guest g1 = Guest.define(host, image, 1);
        Guest g2 = Guest.define(host, image, 2);
        CompletableFuture<Void> boot1 = CompletableFuture.runAsync(() -> g1.bootAndSave(BOOT_LIMIT, installKey));
        CompletableFuture<Void> boot2 = CompletableFuture.runAsync(() -> g2.bootAndSave(BOOT_LIMIT, installKey));
        boot1.join();
        boot2.join();
        return new GuestWorld(host, g1, g2, dir, key);
    }

    /** The guest image, built by {@code scripts/guest-image.sh} on first use (it returns at once when built). */
    private static Path image() {
        // the checkout's scripts: jfenced.home is its dist/target/jfenced
        Path script = Requirements.jfencedHome().resolve("../../../scripts/guest-image.sh").normalize();
        ClientRun r = FenceVirt.exec(new ProcessBuilder(script.toString()), null, Duration.ofMinutes(15));
        if (r.exit() != 0) {
            throw new IllegalStateException(script + " failed: " + r);
        }
        List<String> lines = r.stdout().lines().toList();
        return Path.of(lines.get(lines.size() - 1).trim());
    }

    List<Guest> guests() {
        return List.of(g1, g2);
    }

    /**
     * Guest 2, the target, back to its saved state; guest 1, which only runs clients, too if it is not
     * running (a restore costs two seconds and a burst of CPU; a client leaves nothing that matters).
     */
    void resetGuests() {
        CompletableFuture<Void> r1 = CompletableFuture.runAsync(() -> {
            if (!g1.isActive()) {
                g1.restore();
            }
        });
        g2.restore();
        r1.join();
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("cannot delete " + dir + ": " + e);
        }
    }
}
