package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jfenced.plugin.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party backend dropped into the plugins directory, used by bin/jfenced and the real client; a
 * third-party service whose admin command jfencectl reaches.
 */
class PluginDirectorySystemTest {

    @TempDir
    Path dir;

    @Test
    void aBackendFromAPluginJarIsListedAndServesTheRealClient() throws Exception {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        Files.move(PluginJars.backendPlugin(dir, "acme.fence", "acme"), plugins.resolve("acme.jar"));

        ProcessBuilder list = new ProcessBuilder(Requirements.jfencedHome().resolve("bin/jfenced").toString(), "-l");
        list.environment().put("JFENCED_PLUGINS", plugins.toString());
        ClientRun listed = FenceVirt.exec(list, null);
        assertEquals(0, listed.exit(), listed.toString());
        assertTrue(listed.stdout().lines().anyMatch(
                l -> l.matches("backend\\s+acme\\s+7\\.7\\s+" + plugins.resolve("acme.jar"))), listed.stdout());

        TestHost host = new TestHost(dir);
        Path conf = host.config("", "backends { acme { answer = \"OFF\"; } }");
        TestHost.writePrivate(conf, Files.readString(conf).replace("backend = \"libvirt\"", "backend = \"acme\""));
        try (JfencedProcess d = JfencedProcess.launch(dir, conf, Map.of("JFENCED_PLUGINS", plugins.toString()),
                "-d", "1")) {
            d.awaitLog("jfenced ready", Duration.ofSeconds(30));
            ClientRun status = host.client().run("-o", "status", "-n", "anything");
            assertEquals(2, status.exit(), status.toString());
            assertTrue(host.client().run("-o", "list").stdout().startsWith("acme-vm"));
            assertTrue(d.log().contains("DEBUG"), "-d 1 turns on debug logging:\n" + d.log());
        }
    }

    @Test
    void aServicePluginsAdminCommandReachesJfencectlWhichNeverHeardOfIt() throws Exception {
        TestHost host = new TestHost(dir);
        try (JfencedProcess d = launchWithGreeter(host, "greeting = \"welcome\";")) {
            d.awaitLog("jfenced ready", Duration.ofSeconds(30));
            Ctl ctl = Ctl.of(host.adminSocket);
            ClientRun r = ctl.run("greet", "alice", "bob");
            assertEquals(0, r.exit(), r.toString());
            assertEquals("greeting alice\ngreeting bob\nwelcome alice bob from root\n", r.stdout());
            assertEquals(Map.of("greeted", List.of("alice", "bob")), ctl.json("greet", "alice", "bob"));
            assertTrue(ctl.run("help").stdout().lines().anyMatch(l -> l.matches("greet NAME\\.\\.\\. +greets each NAME")));
        }
    }

    @Test
    void aServiceThatCannotStartStopsTheDaemonAndIsNamed() throws Exception {
        try (JfencedProcess d = launchWithGreeter(new TestHost(dir), "refuse_start = \"no audience\";")) {
            assertEquals(1, d.awaitExit(Duration.ofSeconds(30)), d.log());
            assertTrue(d.log().contains("cannot start service greet: no audience"), d.log());
            assertFalse(d.log().contains("cannot start listener"), d.log());
        }
    }

    /** bin/jfenced with the greeter service plugin in its plugins directory and {@code block} as its block. */
    private JfencedProcess launchWithGreeter(TestHost host, String block) throws Exception {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        Files.move(PluginJars.servicePlugin(dir, "acme.greeter", "greet"), plugins.resolve("greeter.jar"));
        Path conf = host.config("", "services { greet { " + block + " } }");
        return JfencedProcess.launch(dir, conf, Map.of("JFENCED_PLUGINS", plugins.toString()));
    }
}
