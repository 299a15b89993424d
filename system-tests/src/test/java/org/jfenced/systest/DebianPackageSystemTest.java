package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package that {@code mvn package} built, as an operator gets it: installed with apt-get, its
 * {@code /usr/sbin/jfenced} run (detached, as the launcher does without -F) against a config and the real
 * {@code fence_virt}, its unit checked by {@code systemd-analyze verify}, then purged — after which nothing
 * of it may be left, and {@code /etc/fence_virt.conf} (fence-virtd's) is as it was throughout.
 */
class DebianPackageSystemTest {

    /** What the package installs, and so what a purge must remove. */
    private static final List<Path> INSTALLED = Stream.of("/usr/sbin/jfenced", "/usr/bin/jfencectl",
            "/usr/share/jfenced/lib/fence-core.jar", "/usr/share/jfenced/plugins",
            "/usr/share/jfenced/libexec/make-cds-archives", "/lib/systemd/system/jfenced.service",
            "/usr/share/man/man8/jfenced.8.gz", "/usr/share/man/man8/jfencectl.8.gz",
            "/usr/share/man/man5/jfenced.conf.5.gz", "/usr/share/doc/jfenced/copyright",
            "/usr/share/doc/jfenced/fence_virt.conf.example", "/etc/logrotate.d/jfenced").map(Path::of).toList();
    /** What the detached daemon writes on its own, and purge removes too. */
    private static final Path LOG = Path.of("/var/log/jfenced.log");
    private static final Path FENCE_VIRT_CONF = Path.of("/etc/fence_virt.conf");

    @TempDir
    Path dir;

    @Test
    void installsRunsAgainstTheRealClientAndPurgesWithoutATrace() throws Exception {
        Requirements.root();
        Path deb = builtPackage();
        assertFalse(installed(), "a jfenced package is installed already; purge it before this test (apt-get purge jfenced)");
        assertFalse(Files.exists(LOG), LOG + " exists: some jfenced logs there, and this test's purge would remove it");
        byte[] confBefore = Files.exists(FENCE_VIRT_CONF) ? Files.readAllBytes(FENCE_VIRT_CONF) : null;
        try {
            assertSucceeds(apt("install", "-y", deb.toAbsolutePath().toString()));
            assertTrue(installed(), "apt-get install left the package not installed");
            for (Path p : INSTALLED) {
                assertTrue(Files.exists(p), p + " was not installed");
            }
            assertFalse(Files.exists(Path.of("/etc/systemd/system/multi-user.target.wants/jfenced.service")),
                    "the package enabled the service on a host whose administrator did not ask for it");
            assertConfUnchanged(confBefore);

            ClientRun verify = run("systemd-analyze", "verify", "/lib/systemd/system/jfenced.service");
            assertEquals(0, verify.exit(), verify.toString());
            assertEquals("", verify.stdout() + verify.stderr(), "systemd-analyze verify");

            runTheInstalledDaemon();
            ClientRun man = run("man", "-w", "jfenced.conf");
            assertEquals("/usr/share/man/man5/jfenced.conf.5.gz", man.stdout().trim(), man.toString());
        } finally {
            ClientRun purge = apt("purge", "-y", "jfenced");
            assertSucceeds(purge);
        }
        assertFalse(installed(), "the package is still known to dpkg after the purge");
        for (Path p : INSTALLED) {
            assertFalse(Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS), p + " is left after the purge");
        }
        assertFalse(Files.exists(Path.of("/usr/share/jfenced")), "/usr/share/jfenced is left after the purge");
        assertFalse(Files.exists(LOG), LOG + " is left after the purge");
        assertConfUnchanged(confBefore);
    }

    /** /usr/sbin/jfenced without -F: the launcher returns once the daemon serves; fence_virt then fences through it. */
    private void runTheInstalledDaemon() throws IOException {
        TestHost host = new TestHost(dir);
        Path config = host.config("", "");
        Path pidFile = dir.resolve("jfenced.pid");
        ClientRun start = run("/usr/sbin/jfenced", "-f", config.toString(), "-p", pidFile.toString());
        assertEquals(0, start.exit(), "the installed launcher did not start the daemon: " + start);
        ProcessHandle daemon = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                .orElseThrow(() -> new AssertionError("no process for the pid in " + pidFile));
        try {
            FenceVirt client = host.client();
            ClientRun list = client.run("-o", "list");
            assertEquals(0, list.exit(), list.toString());
            assertTrue(list.stdout().contains("vm-run1"), list.toString());
            assertEquals(0, client.run("-o", "off", "-n", "vm-run1").exit());
            assertEquals(2, client.run("-o", "status", "-n", "vm-run1").exit(), "vm-run1 is off after the fence");
            ClientRun status = run("/usr/bin/jfencectl", "--socket", host.adminSocket.toString(), "status");
            assertEquals(0, status.exit(), status.toString());
            assertTrue(status.stdout().contains(config.toString()), "jfencectl names the daemon's config: " + status);
        } finally {
            Processes.stop(daemon, Duration.ofSeconds(15));
        }
        assertTrue(Files.readString(LOG).contains("jfenced ready"), "the detached daemon logs to " + LOG);
    }

    private static void assertConfUnchanged(byte[] before) throws IOException {
        if (before == null) {
            assertFalse(Files.exists(FENCE_VIRT_CONF), "the package created " + FENCE_VIRT_CONF);
        } else {
            assertTrue(Arrays.equals(before, Files.readAllBytes(FENCE_VIRT_CONF)), "the package changed " + FENCE_VIRT_CONF);
        }
    }

    private static Path builtPackage() throws IOException {
        Path target = Requirements.jfencedHome().getParent();
        try (Stream<Path> files = Files.list(target)) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().matches("jfenced_.*_all\\.deb")).toList();
            assertEquals(1, debs.size(), "exactly one jfenced_*_all.deb in " + target + " (mvn package builds it): " + debs);
            return debs.get(0);
        }
    }

    private static boolean installed() {
        ClientRun q = run("dpkg-query", "-W", "-f", "${db:Status-Status}", "jfenced");
        return q.exit() == 0 && q.stdout().trim().equals("installed");
    }

    /** apt-get as the project uses it: waits for a lock another apt holds, never asks. */
    private static ClientRun apt(String... args) {
        List<String> cmd = new ArrayList<>(List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "-q"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        return FenceVirt.exec(pb, null);
    }

    private static void assertSucceeds(ClientRun run) {
        assertEquals(0, run.exit(), run.toString());
    }

    private static ClientRun run(String... cmd) {
        return FenceVirt.exec(List.of(cmd), null);
    }
}
