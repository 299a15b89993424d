package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * bin/jfenced as an operator used to fence_virtd types it: help, combined flags, the interactive
 * configurator, the config's foreground, and several daemons on one host with their own pid files and
 * fence_virtd-style configs, fenced through with the real fence_virt.
 */
class CommandLineSystemTest {

    /** Instance names no other test run on this machine uses. */
    private static final String RUN = "systest-" + ProcessHandle.current().pid();

    @TempDir
    Path dir;

    private static ClientRun jfenced(String stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Requirements.jfencedHome().resolve("bin/jfenced").toString()));
        cmd.addAll(List.of(args));
        return FenceVirt.exec(cmd, stdin);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "--help", "-F -h", "-Fh", "-F --help"})
    void helpGoesToStdoutAndExitsZeroWithOrWithoutForeground(String args) {
        ClientRun r = jfenced(null, args.split(" "));

        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().startsWith("Usage: jfenced [-cFhlw]"), r.toString());
        assertEquals("", r.stderr());
    }

    @Test
    void combinedFlagsWorkAsWithGetopt() {
        ClientRun r = jfenced(null, "-Fl");

        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().lines().anyMatch(l -> l.matches("listener +tcp .*")), r.toString());
    }

    @Test
    void configureModeTakesTheDefaultsWhenTheInputEndsAndWritesAPrivateFile() throws IOException {
        Path conf = dir.resolve("fence_virt.conf");

        ClientRun r = jfenced("", "-c", "-f", conf.toString());

        assertEquals(0, r.exit(), r.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)));
        String text = Files.readString(conf);
        assertTrue(text.contains("\tlistener = \"multicast\";\n") && text.contains("\tbackend = \"libvirt\";\n")
                && text.contains("\t\tkey_file = \"/etc/cluster/fence_xvm.key\";\n")
                && text.contains("\t\turi = \"qemu:///system\";\n"), text);
        assertTrue(r.stdout().contains("=== Begin Configuration ===\n" + text + "=== End Configuration ==="), r.stdout());
    }

    @Test
    void aConfigWrittenByConfigureModeServesFenceVirt() {
        TestHost host = new TestHost(dir);
        Path conf = dir.resolve("fence_virt.conf");
        // listener, address, port, key file; backend, URI
        String answers = String.join("\n", "tcp", "127.0.0.1", String.valueOf(host.port), host.key.toString(),
                "libvirt", "test://" + host.nodeFile) + "\n";
        assertEquals(0, jfenced(answers, "-c", "-f", conf.toString()).exit());

        try (JfencedProcess d = JfencedProcess.launchAsGiven(dir, Map.of(), "-Fw", "-f", conf.toString(), "-p",
                dir.resolve(RUN + "-configured.pid").toString())) {
            d.awaitLog("jfenced ready", Duration.ofSeconds(60));
            assertEquals(0, host.client().run("-o", "status", "-n", "vm-run1").exit());
        }
    }

    @Test
    void theConfigsForegroundKeepsTheDaemonAttachedWithoutF() {
        TestHost host = new TestHost(dir);
        Path conf = host.config("fence_virt.conf", "\tforeground = \"1\";", "", "test://" + host.nodeFile, "");
        Path log = dir.resolve("detached.log");

        try (JfencedProcess d = JfencedProcess.launchAsGiven(dir, Map.of("JFENCED_LOG", log.toString()), "-f",
                conf.toString(), "-p", dir.resolve("attached.pid").toString())) {
            // attached: its own output is the daemon's log, and the process that serves is the one started
            d.awaitLog("jfenced ready", Duration.ofSeconds(60));
            assertTrue(d.isAlive());
            assertEquals(String.valueOf(d.handle().pid()), read(dir.resolve("attached.pid")).strip());
            assertFalse(Files.exists(log), "nothing was detached");
            assertEquals(0, host.client().run("-o", "status", "-n", "vm-run1").exit());
            assertEquals(0, d.terminate());
        }
    }

    @Test
    void twoInstancesWithTheirOwnPidFilesRunSideBySide() {
        Instance a = new Instance(dir.resolve("a"), RUN + "-a");
        Instance b = new Instance(dir.resolve("b"), RUN + "-b");
        try (JfencedProcess da = a.start(); JfencedProcess db = b.start()) {
            // each answers fence_virt on its own port with its own key and VMs
            assertEquals(0, a.host.client().run("-o", "off", "-n", "vm-run1").exit());
            assertEquals(2, a.host.client().run("-o", "status", "-n", "vm-run1").exit());
            assertEquals(0, b.host.client().run("-o", "status", "-n", "vm-run1").exit());
            assertEquals(1, b.host.client().withKey(a.host.key).run("-o", "status", "-n", "vm-run1").exit());

            // and jfencectl finds each by its instance name or its pid file, at /run/jfenced/NAME.sock
            assertTrue(Files.exists(Path.of("/run/jfenced/" + a.name + ".sock")));
            Map<String, Object> statusA = Ctl.ofInstance(a.name).jsonObject("status");
            assertEquals(a.conf.toString(), statusA.get("config_file"));
            assertEquals(Map.of("socket", "/run/jfenced/" + a.name + ".sock"), socketOf(statusA));
            assertEquals(b.conf.toString(), Ctl.ofInstance(b.pidFile.toString()).jsonObject("status").get("config_file"));
        }
        assertFalse(Files.exists(Path.of("/run/jfenced/" + a.name + ".sock")), "the socket goes with its daemon");
    }

    /** A host with its own directory, key, VMs and port, configured as fence_virtd would be (no admin_socket). */
    private static final class Instance {
        final TestHost host;
        final String name;
        final Path pidFile;
        final Path conf;

        Instance(Path dir, String name) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            this.host = new TestHost(dir);
            this.name = name;
            this.pidFile = dir.resolve(name + ".pid");
            this.conf = TestHost.writePrivate(dir.resolve("fence_virt.conf"), """
                    fence_virtd {
                    	listener = "tcp";
                    	backend = "libvirt";
                    }
                    listeners {
                    	tcp {
                    		address = "127.0.0.1";
                    		port = "%d";
                    		key_file = "%s";
                    	}
                    }
                    backends {
                    	libvirt {
                    		uri = "test://%s";
                    	}
                    }
                    """.formatted(host.port, host.key, host.nodeFile));
        }

        JfencedProcess start() {
            JfencedProcess d = JfencedProcess.launchAsGiven(host.dir, Map.of(), "-F", "-f", conf.toString(), "-p",
                    pidFile.toString());
            d.awaitLog("jfenced ready", Duration.ofSeconds(60));
            return d;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> socketOf(Map<String, Object> status) {
        return Map.of("socket", ((Map<String, Object>) status.get("admin")).get("socket"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
