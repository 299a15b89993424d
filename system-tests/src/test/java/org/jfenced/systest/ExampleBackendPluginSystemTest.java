package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/backend-command as a plugin author builds it: outside the reactor, with its own pom, against
 * fence-spi and its test-jar installed into a private local repository (never ~/.m2, whose snapshots
 * other builds would pick up). Its build runs the backend conformance suite; the jar then goes into a
 * plugins directory, and bin/jfenced with the real fence_virt fences the VMs of an operator's script.
 */
class ExampleBackendPluginSystemTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir
    Path dir;

    @Test
    void theExamplePluginBuildsOnItsOwnPassesTheKitAndFencesThroughTheRealClient() throws Exception {
        Path repo = dir.resolve("m2");
        Path log = dir.resolve("build.log");
        String settings = sharedRepositoryReadOnly().toString();
        run(log, "mvn", "-B", "-q", "-s", settings, "-Dmaven.repo.local=" + repo, "-f", ROOT.resolve("pom.xml").toString(),
                "-N", "install");
        run(log, "mvn", "-B", "-q", "-s", settings, "-Dmaven.repo.local=" + repo, "-f",
                ROOT.resolve("fence-spi/pom.xml").toString(), "install", "-DskipTests");
        Path example = Files.createDirectory(dir.resolve("backend-command"));
        run(log, "cp", "-r", ROOT.resolve("examples/backend-command/pom.xml").toString(),
                ROOT.resolve("examples/backend-command/src").toString(), example.toString());
        run(log, "mvn", "-B", "-s", settings, "-Dmaven.repo.local=" + repo, "-f", example.resolve("pom.xml").toString(),
                "package");
        String build = Files.readString(log);
        assertTrue(build.contains("Running org.jfenced.examples.command.CommandBackendConformanceTest"),
                "the conformance suite ran:\n" + build);

        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        Files.copy(example.resolve("target/backend-command-1.0.jar"), plugins.resolve("backend-command.jar"));
        Path vmctl = hypervisor("vm-web", "on", "vm-db", "off");

        TestHost host = new TestHost(dir);
        Path conf = host.config("", "backends { command { status = \"" + vmctl + " status {vm}\"; off = \"" + vmctl
                + " off {vm}\"; on = \"" + vmctl + " on {vm}\"; list = \"" + vmctl + " list\"; } }");
        TestHost.writePrivate(conf, Files.readString(conf).replace("backend = \"libvirt\"", "backend = \"command\""));
        try (JfencedProcess d = JfencedProcess.launch(dir, conf, Map.of("JFENCED_PLUGINS", plugins.toString()))) {
            d.awaitLog("jfenced ready", Duration.ofSeconds(30));
            assertEquals(0, host.client().run("-o", "status", "-n", "vm-web").exit());
            ClientRun off = host.client().run("-o", "off", "-n", "vm-web");
            assertEquals(0, off.exit(), off.toString());
            assertEquals("off", Files.readString(vmctl.resolveSibling("vms").resolve("vm-web")).trim());
            assertEquals(2, host.client().run("-o", "status", "-n", "vm-web").exit());
            ClientRun list = host.client().run("-o", "list");
            assertTrue(list.stdout().lines().anyMatch(l -> l.startsWith("vm-db")), list.toString());
            assertEquals(1, host.client().run("-o", "off", "-n", "no-such-vm").exit(), "an unknown VM fails");
        }
    }

    /**
     * Maven settings whose only remote repository is the shared ~/.m2 read through {@code file://}: the
     * private repository gets just the artifacts these builds need, copied in, nothing is written to
     * ~/.m2, and no request leaves the machine.
     */
    private Path sharedRepositoryReadOnly() throws IOException {
        Path shared = Path.of(System.getProperty("user.home"), ".m2", "repository");
        return Files.writeString(dir.resolve("settings.xml"), """
                <settings>
                  <mirrors>
                    <mirror><id>shared-m2</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                </settings>
                """.formatted(shared.toUri()));
    }

    /** The operator's CLI: the example's test script over a directory with one file a VM holding its state. */
    private Path hypervisor(String... vmsAndStates) throws IOException {
        Path home = Files.createDirectories(dir.resolve("hypervisor/vms")).getParent();
        Files.createDirectories(home.resolve("uuids"));
        for (int i = 0; i < vmsAndStates.length; i += 2) {
            Files.writeString(home.resolve("vms").resolve(vmsAndStates[i]), vmsAndStates[i + 1] + "\n");
            Files.writeString(home.resolve("uuids").resolve(vmsAndStates[i]), "00000000-0000-4000-8000-00000000000" + i);
        }
        Path vmctl = home.resolve("vmctl");
        Files.copy(ROOT.resolve("examples/backend-command/src/test/resources/vmctl"), vmctl);
        Files.setPosixFilePermissions(vmctl, PosixFilePermissions.fromString("rwx------"));
        return vmctl;
    }

    /** Runs a build step, its output appended to {@code log}; fails with the log when it fails. */
    private static void run(Path log, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            Processes.kill(p.toHandle());
            throw new AssertionError(String.join(" ", cmd) + " did not finish in 15 minutes:\n" + Files.readString(log));
        }
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + " failed:\n" + readQuietly(log));
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
