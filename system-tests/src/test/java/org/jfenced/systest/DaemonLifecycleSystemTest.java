package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up, single instance, shutdown and the errors a person meets first, with bin/jfenced itself. */
class DaemonLifecycleSystemTest {

    @TempDir
    Path dir;

    private ClientRun jfenced(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(Requirements.jfencedHome().resolve("bin/jfenced").toString()));
        cmd.addAll(List.of(args));
        return FenceVirt.exec(cmd, null);
    }

    private static String out(ClientRun r) {
        return r.stdout() + r.stderr();
    }

    @Test
    void listsThePluginsWithKindVersionAndOrigin() {
        ClientRun r = jfenced("-l");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().lines().anyMatch(l -> l.matches("backend\\s+libvirt\\s+\\S+\\s+.*backend-libvirt\\.jar")),
                r.stdout());
        assertTrue(r.stdout().lines().anyMatch(l -> l.matches("listener\\s+tcp\\s+\\S+\\s+.*listener-tcp\\.jar")),
                r.stdout());
    }

    @Test
    void sigtermStopsTheDaemonCleanlyAndRemovesThePidFile() throws Exception {
        TestHost host = new TestHost(dir);
        JfencedProcess d = JfencedProcess.start(dir, host.config("", ""));
        assertEquals(String.valueOf(d.handle().pid()), Files.readString(d.pidFile()).trim());
        assertEquals(0, d.terminate());
        assertFalse(Files.exists(d.pidFile()));
    }

    @Test
    void aDaemonStartedWithSighupIgnoredStillReloadsOnSighup() throws Exception {
        TestHost host = new TestHost(dir);
        try (JfencedProcess d = JfencedProcess.startIgnoringHangup(dir, host.config("", ""))) {
            Process hup = new ProcessBuilder("kill", "-HUP", String.valueOf(d.handle().pid())).inheritIO().start();
            assertEquals(0, hup.waitFor());
            d.awaitLog("reload: listener tcp: key and settings read again", Duration.ofSeconds(30));
            assertEquals(0, d.terminate());
        }
    }

    @Test
    void sigtermAlsoEndsAWaitForTheBackend() {
        TestHost host = new TestHost(dir);
        Path conf = host.config("fence_virt.conf", "", "test+unix:///default?socket=" + dir.resolve("none.sock"), "");
        JfencedProcess d = JfencedProcess.launch(dir, conf, "-w");
        try {
            d.awaitLog("waiting for backend libvirt", Duration.ofSeconds(30));
            assertEquals(0, d.terminate());
            assertFalse(Files.exists(d.pidFile()));
        } finally {
            d.close();
        }
    }

    @Test
    void aSecondDaemonWithTheSamePidFileRefusesToStart() {
        TestHost host = new TestHost(dir);
        try (JfencedProcess first = JfencedProcess.start(dir, host.config("", ""))) {
            JfencedProcess second = JfencedProcess.launch(dir, host.config("other.conf", "", "test://" + host.nodeFile, ""));
            assertEquals(1, second.awaitExit(Duration.ofSeconds(30)));
            assertTrue(second.log().contains("another daemon (pid " + first.handle().pid() + ")"), second.log());
            assertEquals(0, host.client().run("-o", "status", "-n", "vm-run1").exit(), "the first one still serves");
        }
    }

    @Test
    void aStalePidFileFromACrashIsReplaced() throws Exception {
        TestHost host = new TestHost(dir);
        Files.writeString(dir.resolve("jfenced.pid"), "999999999\n");
        try (JfencedProcess d = JfencedProcess.start(dir, host.config("", ""))) {
            assertEquals(String.valueOf(d.handle().pid()), Files.readString(d.pidFile()).trim());
        }
    }

    @Test
    void anUnknownListenerOrBackendNameListsWhatExists() {
        TestHost host = new TestHost(dir);
        Path conf = TestHost.writePrivate(dir.resolve("bad.conf"), """
                fence_virtd {
                	listener = "carrier-pigeon";
                	backend = "libvirt";
                }
                """);
        ClientRun r = jfenced("-F", "-f", conf.toString(), "-p", dir.resolve("p.pid").toString());
        assertEquals(1, r.exit());
        assertTrue(out(r).contains("bad.conf:2: fence_virtd/@listener: \"carrier-pigeon\" is no listener plugin (")
                && out(r).contains("tcp"), out(r));
        Path conf2 = host.config("bad2.conf", "", "test://" + host.nodeFile, "").resolveSibling("bad2.conf");
        TestHost.writePrivate(conf2, readString(conf2).replace("backend = \"libvirt\"", "backend = \"xen\""));
        ClientRun r2 = jfenced("-F", "-f", conf2.toString(), "-p", dir.resolve("p.pid").toString());
        assertEquals(1, r2.exit());
        assertTrue(out(r2).contains("no backend plugin called \"xen\"; available backends: cpg, libvirt"), out(r2));
    }

    @Test
    void aSyntaxErrorNamesTheFileAndLine() {
        Path conf = TestHost.writePrivate(dir.resolve("broken.conf"), """
                fence_virtd {
                	listener = "tcp"
                	backend = "libvirt";
                }
                """);
        ClientRun r = jfenced("-F", "-f", conf.toString(), "-p", dir.resolve("p.pid").toString());
        assertEquals(1, r.exit());
        assertTrue(out(r).contains(conf + ":3:"), out(r));
    }

    @Test
    void aBadValueNamesTheFileLineAndKey() {
        TestHost host = new TestHost(dir);
        Path conf = host.config("port.conf", "", "test://" + host.nodeFile, "");
        TestHost.writePrivate(conf, readString(conf).replace("port = \"" + host.port + "\"", "port = \"twelve\""));
        int line = readString(conf).lines().toList().indexOf("\t\tport = \"twelve\";") + 1;
        ClientRun r = jfenced("-F", "-f", conf.toString(), "-p", dir.resolve("p.pid").toString());
        assertEquals(1, r.exit());
        assertTrue(out(r).contains(conf + ":" + line + ": listeners/tcp/@port: expected a whole number"), out(r));
    }

    @Test
    void aMissingConfigOrKeyFileIsNamed() {
        ClientRun r = jfenced("-F", "-f", dir.resolve("nope.conf").toString(), "-p", dir.resolve("p.pid").toString());
        assertEquals(1, r.exit());
        assertTrue(out(r).contains("config file " + dir.resolve("nope.conf") + " does not exist"), out(r));
        TestHost host = new TestHost(dir);
        Path conf = host.config("", "");
        TestHost.writePrivate(conf, readString(conf).replace(host.key.toString(), dir.resolve("gone.key").toString()));
        ClientRun k = jfenced("-F", "-f", conf.toString(), "-p", dir.resolve("p.pid").toString());
        assertEquals(1, k.exit());
        assertTrue(out(k).contains("listeners/tcp/@key_file") && out(k).contains("gone.key does not exist"), out(k));
    }

    @Test
    void configAndKeyReadableByOthersAreTightenedTo0600WithAWarning() throws Exception {
        TestHost host = new TestHost(dir);
        Path conf = host.config("", "");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(host.key, PosixFilePermissions.fromString("rw-rw-r--"));
        try (JfencedProcess d = JfencedProcess.start(dir, conf)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(host.key)));
            assertTrue(d.log().contains("Insecure permissions on config file " + conf), d.log());
        }
    }

    @Test
    void aConfigOfTheCDaemonLoadsUnchangedAndUnknownKeysOnlyWarn() {
        TestHost host = new TestHost(dir);
        Path conf = TestHost.writePrivate(dir.resolve("c.conf"), """
                # as fence_virtd -c writes it, plus keys jfenced does not know
                fence_virtd {
                	listener = "tcp";
                	backend = "libvirt";
                	module_path = "/usr/lib/x86_64-linux-gnu/fence-virt";
                	frobnicate = "yes";
                	# jfenced's own keys, out of /run and /var/lib so that test runs never meet
                	admin_socket = "%s";
                	journal_dir = "%s";
                }

                listeners {
                	tcp {
                		key_file = "%s";
                		address = "127.0.0.1";
                		port = "%d";
                		family = "ipv4";
                	}

                	multicast {
                		key_file = "/etc/cluster/fence_xvm.key";
                		interface = "virbr0";
                	}

                }

                backends {
                	libvirt {
                		uri = "test://%s";
                	}

                }
                """.formatted(host.adminSocket, dir, host.key, host.port, host.nodeFile));
        try (JfencedProcess d = JfencedProcess.start(dir, conf)) {
            assertTrue(d.log().contains("c.conf:6: unknown key fence_virtd/@frobnicate ignored"), d.log());
            assertTrue(d.log().contains("unused block listeners/multicast ignored"), d.log());
            assertEquals(0, host.client().run("-o", "status", "-n", "vm-run1").exit());
        }
    }

    @Test
    void withoutForegroundTheLauncherReturnsOnceTheDaemonServes() throws Exception {
        TestHost host = new TestHost(dir);
        Path conf = host.config("", "");
        Path pid = dir.resolve("bg.pid");
        ProcessBuilder pb = new ProcessBuilder(Requirements.jfencedHome().resolve("bin/jfenced").toString(),
                "-f", conf.toString(), "-p", pid.toString());
        pb.environment().put("JFENCED_LOG", dir.resolve("bg.log").toString());
        ClientRun r = FenceVirt.exec(pb, null);
        ProcessHandle daemon = null;
        try {
            assertEquals(0, r.exit(), r + "\n" + readString(dir.resolve("bg.log")));
            daemon = ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).orElseThrow();
            assertTrue(daemon.isAlive());
            assertEquals(0, host.client().run("-o", "status", "-n", "vm-run1").exit());
        } finally {
            if (daemon != null) {
                Processes.stop(daemon, Duration.ofSeconds(10));
            }
        }
        assertFalse(Files.exists(pid));
    }

    @Test
    void theLauncherReportsAFailedStartWithTheLogsEnd() {
        ProcessBuilder pb = new ProcessBuilder(Requirements.jfencedHome().resolve("bin/jfenced").toString(),
                "-f", dir.resolve("missing.conf").toString(), "-p", dir.resolve("x.pid").toString());
        pb.environment().put("JFENCED_LOG", dir.resolve("bg.log").toString());
        ClientRun r = FenceVirt.exec(pb, null);
        assertEquals(1, r.exit());
        assertTrue(r.stderr().contains("missing.conf does not exist"), r.toString());
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "<" + e + ">";
        }
    }
}
