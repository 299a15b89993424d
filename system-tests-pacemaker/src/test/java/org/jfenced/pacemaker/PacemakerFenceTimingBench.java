package org.jfenced.pacemaker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.jfenced.nativelib.testcluster.CorosyncCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container.ExecResult;

/**
 * Pacemaker's view of a fence, timed, through each host daemon in the same rig: {@code stonith_admin
 * --reboot guest2} from guest1 until it returns success, and guest3's crash (its corosync SIGKILLed) until
 * Pacemaker's fence history holds the successful reboot (polled every 0.5 s). Daemons: jfenced with
 * backend docker (the guest really goes down), jfenced and the C fence_virtd with backend libvirt on the
 * test driver (the same code path on both sides; the container runs on, so the bench restarts it); then
 * jfenced and the C fence_virtd with backend cpg on three hosts of a corosync cluster ({@link CpgHosts}:
 * host N has guest N's test-driver domain, the device reaches host 1 over TCP and the group routes the
 * request to the owner).
 * Not part of the suite (no Test suffix); run by {@code bench/pacemaker-bench.sh}, which prints the table
 * for BENCHMARKS.md (written to {@code target/pacemaker-bench.md}). {@code -Dpacemaker.bench.rounds=N} sets the rounds per daemon (default 3).
 */
@ExtendWith(SharedGuests.class)
class PacemakerFenceTimingBench {

    private static final Duration CRASH_LIMIT = Duration.ofSeconds(180);

    @RegisterExtension
    static final CorosyncCluster HYPERVISORS = CorosyncCluster.builder("pcmkbench").nodes(3).tokenMs(500).build();

    @TempDir
    Path dir;

    @Test
    void rebootAndCrashThroughEachDaemon(GuestCluster cluster) throws IOException {
        int rounds = Integer.getInteger("pacemaker.bench.rounds", 3);
        cluster.resetConfiguration();
        Path key = cluster.writeKey(dir.resolve("fence_xvm.key"));
        Path nodeXml = dir.resolve("guests.xml");
        try (InputStream in = getClass().getResourceAsStream("/guests.xml")) {
            Files.copy(in, nodeXml);
        }
        Path docker = HostConfig.docker(dir, key, cluster.rig).write("docker.conf");
        Path testDriver = HostConfig.libvirtTestDriver(dir, key, nodeXml).write("libvirt.conf");
        Pacemaker.createResource(cluster.guest(1), Pacemaker.fenceXvmDevice("xvm", GuestCluster.KEY_PATH));

        List<String> rows = new ArrayList<>();
        rows.add(measure(cluster, "jfenced, backend docker", rounds, true, "xvm", c -> HostDaemon.jfenced(c.rig, dir, docker)));
        rows.add(measure(cluster, "jfenced, backend libvirt (test driver)", rounds, false, "xvm",
                c -> HostDaemon.jfenced(c.rig, dir, testDriver)));
        rows.add(measure(cluster, "C fence_virtd 4.12.1, backend libvirt (test driver)", rounds, false, "xvm",
                c -> HostDaemon.fenceVirtd(c.rig, dir, testDriver)));
        // one device at a time: a second one Pacemaker could try first would add its failure to the times
        cluster.resetConfiguration();
        Pacemaker.createResource(cluster.guest(1), Pacemaker.fenceVirtDevice("cpg", CpgHosts.ADDRESS, GuestCluster.KEY_PATH));
        rows.add(measure(cluster, "jfenced, backend cpg (3 hosts, test driver)", rounds, false, "cpg",
                c -> cpgHosts(c, key, CpgHosts::start)));
        rows.add(measure(cluster, "C fence_virtd 4.12.1, backend cpg (3 hosts, test driver)", rounds, false, "cpg",
                c -> cpgHosts(c, key, CpgHosts::startFenceVirtd)));
        String table = "| host daemon | stonith_admin --reboot: median (min–max) | crash → fence recorded: median (min–max) |\n"
                + "|---|---|---|\n" + String.join("\n", rows) + "\n";
        Files.writeString(Path.of("target/pacemaker-bench.md"), table);
        System.out.print(table);
    }

    /** The three cpg hosts, host 1 on the guests' bridge, each started by {@code start}. */
    private CpgHosts cpgHosts(GuestCluster cluster, Path key, java.util.function.ObjIntConsumer<CpgHosts> start) {
        CpgHosts hosts = new CpgHosts(HYPERVISORS, cluster.rig, dir, key);
        try {
            hosts.link();
            for (int n = 1; n <= 3; n++) {
                start.accept(hosts, n);
            }
            return hosts;
        } catch (RuntimeException | Error e) {
            hosts.close();
            throw e;
        }
    }

    private static String measure(GuestCluster cluster, String label, int rounds, boolean guestGoesDown, String device,
            Function<GuestCluster, HostSide> daemon) {
        Guest guest1 = cluster.guest(1);
        List<Long> reboots = new ArrayList<>();
        List<Long> crashes = new ArrayList<>();
        try (HostSide d = daemon.apply(cluster)) {
            guest1.sh("crm_resource --cleanup --resource " + device + " >/dev/null");
            Pacemaker.awaitStarted(guest1, device, Duration.ofSeconds(60));
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                ExecResult r = Pacemaker.stonithAdmin(guest1, "--reboot", "guest2", "--timeout", "90");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (r.getExitCode() != 0) {
                    throw new AssertionError(label + ": reboot failed: " + r.getStdout() + r.getStderr() + d.log());
                }
                reboots.add(ms);
                if (!guestGoesDown) {
                    restart(cluster.guest(2));
                }
                cluster.awaitOnline(guest1, GuestCluster.FORMATION);
            }
            for (int i = 0; i < rounds; i++) {
                crashes.add(crashGuest3(cluster, guestGoesDown));
            }
        }
        String row = "| " + label + " | " + summary(reboots) + " | " + summary(crashes) + " |";
        // each row as soon as it is measured: a later daemon that fails leaves the rows before it
        System.out.println("measured: " + row + " reboots " + reboots + " ms, crashes " + crashes + " ms");
        return row;
    }

    /** Kills guest3's corosync and waits for one more successful reboot of guest3 in Pacemaker's history. */
    private static long crashGuest3(GuestCluster cluster, boolean guestGoesDown) {
        Guest guest1 = cluster.guest(1);
        Guest guest3 = cluster.guest(3);
        String history = "stonith_admin --history guest3 --verbose 2>&1 | grep -c 'reboot of guest3 successful' || true";
        int before = Integer.parseInt(guest1.sh(history).trim());
        long t0 = System.nanoTime();
        guest3.sh("kill -9 $(cat /run/corosync.pid)");
        guest1.awaitOutput(history, out -> Integer.parseInt(out.trim()) > before, CRASH_LIMIT, "guest3 fenced");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (!guestGoesDown) {
            restart(guest3);
        }
        cluster.awaitOnline(guest1, GuestCluster.FORMATION);
        return ms;
    }

    /** A guest the test driver "fenced" runs on with its Pacemaker stopped; a reboot brings it back. */
    private static void restart(Guest g) {
        g.container.getDockerClient().restartContainerCmd(g.container.getContainerId()).withTimeout(0).exec();
    }

    private static String summary(List<Long> ms) {
        List<Long> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        return String.format("%.1f s (%.1f–%.1f)", sorted.get(sorted.size() / 2) / 1000.0, sorted.get(0) / 1000.0,
                sorted.get(sorted.size() - 1) / 1000.0);
    }
}
