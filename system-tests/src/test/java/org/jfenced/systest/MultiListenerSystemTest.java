package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One daemon serving two guest clusters: cluster a through the multicast listener (the real fence_xvm)
 * with key a, cluster b through a TCP listener of its own name (the real fence_virt) with key b, each
 * judged by its own group. The guest namespace plays both clusters' guests, so the same address may
 * fence vm-run1 only through the multicast listener and vm-run2 only through the TCP one. Then the
 * reload: key rotation under real client load, refused and bad reloads, and the self-test.
 */
class MultiListenerSystemTest {

    private static final String GROUP = "225.0.0.12";
    private static final String IPTABLES = Requirements.binary("/usr/sbin/iptables", "iptables").toString();

    @AutoClose
    private static GuestNetwork net;

    @TempDir
    Path dir;

    @AutoClose
    private JfencedProcess daemon;
    private TestHost host;
    private Path keyA;
    private Path keyB;
    private int portB;
    private Path config;

    @BeforeAll
    static void network() {
        net = GuestNetwork.create();
    }

    private String configText(String clusterBExtra) {
        return """
                fence_virtd {
                	listener = "multicast cluster_b";
                	backend = "libvirt";
                	admin_socket = "%s";
                	journal_dir = "%s";
                }
                listeners {
                	multicast {
                		key_file = "%s";
                		groups = "cluster_a";
                	}
                	cluster_b {
                		type = "tcp";
                		address = "%s";
                		port = "%d";
                		key_file = "%s";
                		groups = "cluster_b";
                %s
                	}
                }
                backends {
                	libvirt {
                		uri = "test://%s";
                	}
                }
                groups {
                	group {
                		name = "cluster_a";
                		ip = "%s";
                		uuid = "vm-run1";
                	}
                	group {
                		name = "cluster_b";
                		ip = "%s";
                		uuid = "vm-run2";
                	}
                }
                """.formatted(host.adminSocket, dir, keyA, GuestNetwork.HOST_V4, portB, keyB, clusterBExtra, host.nodeFile,
                GuestNetwork.GUEST_V4, GuestNetwork.GUEST_V4);
    }

    private void start(String clusterBExtra) {
        writeConfig(clusterBExtra);
        daemon = JfencedProcess.startIn(net.host, dir, config, "-d", "1");
    }

    private void writeConfig(String clusterBExtra) {
        host = new TestHost(dir);
        keyA = host.key;
        keyB = TestHost.writeKey(dir.resolve("cluster_b.key"), 128);
        portB = JfencedProcess.freePort();
        config = TestHost.writePrivate(dir.resolve("fence_virt.conf"), configText(clusterBExtra));
    }

    @Test
    void aListenerNamedAfterNoPluginNeedsItsTypeAndTheDaemonSaysSo() throws Exception {
        writeConfig("");
        TestHost.writePrivate(config, Files.readString(config).replace("type = \"tcp\";", ""));
        daemon = JfencedProcess.launchIn(net.host, dir, config);
        assertEquals(1, daemon.awaitExit(Duration.ofSeconds(60)), daemon.log());
        assertTrue(daemon.log().contains("fence_virtd/@listener: \"cluster_b\" is no listener plugin"), daemon.log());
        assertTrue(daemon.log().contains("needs a block listeners/cluster_b with type = \"PLUGIN\""), daemon.log());
    }

    private FenceXvm clusterA() {
        return new FenceXvm(net.guest, GROUP, keyA);
    }

    private FenceVirt clusterB(Path key) {
        return new FenceVirt(GuestNetwork.HOST_V4, portB, key).inside(net.guest);
    }

    private Ctl ctl() {
        return Ctl.of(host.adminSocket);
    }

    private static void assertExit(int expected, ClientRun run) {
        assertEquals(expected, run.exit(), run.toString());
    }

    /** jfencectl prints a failed command's report on stderr. */
    private static String output(ClientRun run) {
        return run.stdout() + run.stderr();
    }

    private static Path copy(Path from, Path to) {
        try {
            return Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void twoListenersWithTwoKeysServeFenceXvmAndFenceVirtAtOnceEachWithItsOwnGroups() throws Exception {
        start("");
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            Future<ClientRun> viaMulticast = both.submit(() -> clusterA().run("-o", "status", "-n", "vm-run1"));
            Future<ClientRun> viaTcp = both.submit(() -> clusterB(keyB).run("-o", "status", "-n", "vm-run2"));
            assertExit(0, viaMulticast.get());
            assertExit(0, viaTcp.get());
        } finally {
            both.shutdownNow();
        }
        // each listener's clients are judged by its own group only
        assertExit(3, clusterA().run("-o", "off", "-n", "vm-run2"));
        assertExit(3, clusterB(keyB).run("-o", "off", "-n", "vm-run1"));
        assertTrue(daemon.log().contains("OFF \"vm-run2\" from " + GuestNetwork.GUEST_V4 + " seq"), daemon.log());
        assertTrue(daemon.log().contains("via multicast: PERMISSION_DENIED"), daemon.log());
        assertTrue(daemon.log().contains("via cluster_b: PERMISSION_DENIED"), daemon.log());
        // and by its own key: cluster b's key opens nothing of cluster a's
        ClientRun wrongKey = clusterA().withKey(keyB).withTimeout(2).run("-o", "status", "-n", "vm-run1");
        assertExit(1, wrongKey);
        assertExit(1, clusterB(keyA).run("-o", "status", "-n", "vm-run2"));
        assertExit(0, ctl().run("fence", "status", "vm-run1"));

        String status = ctl().run("status").stdout();
        assertTrue(status.contains("cluster_b") && status.contains("tcp " + GuestNetwork.HOST_V4 + ":" + portB),
                status);
        assertTrue(status.contains("multicast 225.0.0.12:1229"), status);
    }

    /**
     * Guests of cluster b fence without pause while the host's key is replaced twice, once by SIGHUP and
     * once by {@code jfencectl reload}: a guest still holding the old key is served within the overlap,
     * one that already has the new key is served as soon as the reload is done, and no request is lost.
     */
    @Test
    void keyRotationWithTheOverlapUnderLoadLosesNoRequest() throws Exception {
        start("key_overlap = \"120\";");
        Path generation1 = copy(keyB, dir.resolve("guest-1.key"));
        Path generation2 = TestHost.writeKey(dir.resolve("guest-2.key"), 128);
        Path generation3 = TestHost.writeKey(dir.resolve("guest-3.key"), 128);
        AtomicBoolean loading = new AtomicBoolean(true);
        List<Path> guestKeys = new ArrayList<>(List.of(generation1));
        List<ClientRun> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService load = Executors.newFixedThreadPool(3);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            int client = c;
            clients.add(load.submit(() -> {
                int round = 0;
                while (loading.get() && round < 400) {
                    Path key;
                    synchronized (guestKeys) {
                        // one guest keeps the oldest key it was given, the others the newest
                        key = client == 0 ? guestKeys.get(Math.max(0, guestKeys.size() - 2))
                                : guestKeys.get(guestKeys.size() - 1);
                    }
                    ClientRun r = clusterB(key).run("-o", "status", "-n", "vm-run2");
                    if (r.exit() == 0) {
                        served.incrementAndGet();
                    } else {
                        failures.add(r);
                    }
                    round++;
                }
            }));
        }
        try {
            awaitServed(served, 6);
            copy(generation2, keyB);
            sighup();
            daemon.awaitLog("the old one is accepted until", Duration.ofSeconds(30));
            synchronized (guestKeys) {
                guestKeys.add(generation2);
            }
            awaitServed(served, served.get() + 6);
            copy(generation3, keyB);
            ClientRun reload = ctl().run("reload");
            assertExit(0, reload);
            synchronized (guestKeys) {
                guestKeys.add(generation3);
            }
            awaitServed(served, served.get() + 6);
        } finally {
            loading.set(false);
            for (Future<?> f : clients) {
                f.get();
            }
            load.shutdownNow();
        }
        assertEquals(List.of(), failures);
        assertTrue(served.get() >= 18, "served " + served.get());
        // generation 1 was retired by the second rotation's time at the latest two minutes on; the newest key works
        assertExit(0, clusterB(generation3).run("-o", "status", "-n", "vm-run2"));
        assertExit(1, clusterB(keyA).run("-o", "status", "-n", "vm-run2"));
    }

    private static void awaitServed(java.util.concurrent.atomic.AtomicInteger served, int atLeast) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (served.get() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + served.get() + " of " + atLeast + " requests served in 120 s");
            }
            JfencedProcess.sleep(50);
        }
    }

    private void sighup() throws Exception {
        String pid = Files.readString(daemon.pidFile()).trim();
        Process kill = new ProcessBuilder("kill", "-HUP", pid).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

    @Test
    void withoutOverlapTheOldKeyIsRefusedAsSoonAsTheReloadIsDone() {
        start("key_overlap = \"0\";");
        Path old = copy(keyB, dir.resolve("guest-old.key"));
        TestHost.writeKey(keyB, 128);
        assertExit(0, ctl().run("reload"));
        assertExit(1, clusterB(old).run("-o", "status", "-n", "vm-run2"));
        assertExit(0, clusterB(keyB).run("-o", "status", "-n", "vm-run2"));
    }

    /** Each bad reload is refused naming file and key; the old key, port and groups keep serving. */
    @Test
    void aBadReloadChangesNothing() throws Exception {
        start("");
        Path oldKey = copy(keyB, dir.resolve("guest-old.key"));
        String good = Files.readString(config);

        TestHost.writePrivate(config, good.replace("port = \"" + portB + "\"", "port = \"" + (portB + 1) + "\""));
        ClientRun portChange = ctl().run("reload");
        assertExit(1, portChange);
        assertTrue(portChange.stderr().contains(config + ":") && portChange.stderr().contains(
                "listeners/cluster_b/@port: changing it needs a restart"), portChange.toString());

        TestHost.writePrivate(config, good.replace("backend = \"libvirt\";", "backend = \"cpg\";"));
        ClientRun backendChange = ctl().run("reload");
        assertExit(1, backendChange);
        assertTrue(backendChange.stderr().contains("@backend: changing it needs a restart"), backendChange.toString());

        TestHost.writePrivate(config, good.replace("groups {", "groups { group {"));
        ClientRun syntax = ctl().run("reload");
        assertExit(1, syntax);
        assertTrue(syntax.stderr().contains("reload refused, nothing changed: " + config + ":"), syntax.toString());

        // a new key that is fine, next to a missing one: neither listener changes
        TestHost.writeKey(keyB, 128);
        TestHost.writePrivate(config, good.replace("key_file = \"" + keyA + "\"",
                "key_file = \"" + dir.resolve("gone.key") + "\""));
        ClientRun missingKey = ctl().run("reload");
        assertExit(1, missingKey);
        assertTrue(missingKey.stderr().contains("listeners/multicast/@key_file"), missingKey.toString());

        TestHost.writePrivate(config, good.replace("groups = \"cluster_b\";", "groups = \"cluster_c\";"));
        ClientRun unknownGroup = ctl().run("reload");
        assertExit(1, unknownGroup);
        assertTrue(unknownGroup.stderr().contains("listeners/cluster_b/@groups: no group is called \"cluster_c\""),
                unknownGroup.toString());

        assertExit(0, clusterB(oldKey).run("-o", "status", "-n", "vm-run2"));
        assertExit(1, clusterB(keyB).run("-o", "status", "-n", "vm-run2"));
        assertExit(3, clusterB(oldKey).run("-o", "off", "-n", "vm-run1"));
        assertExit(0, clusterA().run("-o", "status", "-n", "vm-run1"));
        assertFalse(daemon.log().contains("reload: listener"), daemon.log());
        assertTrue(daemon.isAlive());
    }

    @Test
    void aReloadTakesOverNewGroups() throws Exception {
        start("");
        String good = Files.readString(config);
        assertExit(3, clusterB(keyB).run("-o", "status", "-n", "vm-run1"));
        TestHost.writePrivate(config, good.replace("uuid = \"vm-run2\";",
                "uuid = \"vm-run2\";\n\t\tuuid = \"vm-run1\";"));
        ClientRun reload = ctl().run("reload");
        assertExit(0, reload);
        assertTrue(reload.stdout().contains("groups: 2 group(s)"), reload.toString());
        assertExit(0, clusterB(keyB).run("-o", "status", "-n", "vm-run1"));
    }

    @Test
    void selftestPassesThroughEachListener() {
        start("");
        ClientRun run = ctl().run("selftest", "--vm", "vm-run2");
        assertExit(0, run);
        assertTrue(run.stdout().contains("listener multicast (multicast 225.0.0.12:1229 on hv0): ok"), run.toString());
        assertTrue(run.stdout().contains("listener cluster_b (tcp " + GuestNetwork.HOST_V4 + ":" + portB + "): ok"),
                run.toString());
        // the host's own address is in neither cluster's group: the answer proves the path, and says so
        assertTrue(run.stdout().contains("permission denied: the listener's groups do not let this host ask about"
                + " \"vm-run2\" (the path to the daemon works)"), run.toString());
    }

    @Test
    void selftestPinpointsAWrongKey() {
        start("");
        Path guestKey = TestHost.writeKey(dir.resolve("guest.key"), 128);
        ClientRun tcp = ctl().run("selftest", "--key", guestKey.toString(), "cluster_b");
        assertExit(1, tcp);
        assertTrue(output(tcp).contains("FAILED at authenticate"), tcp.toString());
        assertTrue(output(tcp).contains("refused the request's signature, so the key differs"), tcp.toString());
        assertTrue(output(tcp).contains("dropped it: 1 BAD_HASH"), tcp.toString());

        ClientRun multicast = ctl().run("selftest", "--key", guestKey.toString(), "multicast");
        assertExit(1, multicast);
        assertTrue(output(multicast).contains("FAILED at connect-back"), multicast.toString());
        assertTrue(output(multicast).contains("BAD_HASH (signature refused: the key differs"), multicast.toString());

        assertExit(0, ctl().run("selftest", "--key", keyB.toString(), "cluster_b"));
    }

    @Test
    void selftestPinpointsAClosedPort() {
        start("");
        String port = String.valueOf(portB);
        assertExit(0, net.host.run(Duration.ofSeconds(10), null, IPTABLES, "-A", "INPUT", "-p", "tcp", "--dport", port,
                "-j", "REJECT", "--reject-with", "tcp-reset"));
        try {
            ClientRun run = ctl().run("selftest");
            assertExit(1, run);
            assertTrue(output(run).contains("listener cluster_b (tcp " + GuestNetwork.HOST_V4 + ":" + port
                    + "): FAILED at connect"), run.toString());
            assertTrue(output(run).contains("refused: nothing accepts connections there, or a firewall rejects them"),
                    run.toString());
            assertTrue(output(run).contains("the listener counted nothing of it"), run.toString());
            assertTrue(output(run).contains("listener multicast (multicast 225.0.0.12:1229 on hv0): ok"),
                    run.toString());
        } finally {
            net.host.run(Duration.ofSeconds(10), null, IPTABLES, "-D", "INPUT", "-p", "tcp", "--dport", port, "-j",
                    "REJECT", "--reject-with", "tcp-reset");
        }
    }
}
