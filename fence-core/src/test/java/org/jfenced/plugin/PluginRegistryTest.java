package org.jfenced.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jfenced.spi.BackendFactory;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.FakeConfigSection;
import org.jfenced.spi.FenceBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {

    @TempDir
    Path dir;

    private PluginRegistry discover(Path pluginsDir) throws ConfigException {
        return PluginRegistry.discover(getClass().getClassLoader(), Optional.of(pluginsDir));
    }

    @Test
    void aJarInThePluginsDirectoryIsFoundWithItsOriginAndVersion() throws Exception {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        Path jar = PluginJars.backendPlugin(dir, "acme.fence", "acme");
        Files.move(jar, plugins.resolve("acme.jar"));
        PluginRegistry r = discover(plugins);
        DiscoveredPlugin acme = r.all().stream().filter(p -> p.name().equals("acme")).findFirst().orElseThrow();
        assertEquals(PluginKind.BACKEND, acme.kind());
        assertEquals("7.7", acme.version());
        assertEquals(plugins.resolve("acme.jar").toString(), acme.origin());
        assertEquals("acme", r.backend("ACME").name(), "names match case-insensitively");
    }

    @Test
    void eachJarGetsItsOwnClassLoader() throws Exception {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        Files.move(PluginJars.backendPlugin(dir, "one.p", "one"), plugins.resolve("one.jar"));
        Files.move(PluginJars.backendPlugin(dir, "two.p", "two"), plugins.resolve("two.jar"));
        PluginRegistry r = discover(plugins);
        ClassLoader one = r.backend("one").getClass().getClassLoader();
        ClassLoader two = r.backend("two").getClass().getClassLoader();
        assertTrue(one != two && one != getClass().getClassLoader());
    }

    @Test
    void aPluginUsesItsOwnVersionOfALibraryTheDaemonAlsoUsesAndCannotSeeTheCore() throws Exception {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        Files.move(PluginJars.conflictingLibraryPlugin(dir, "own.lib", "ownlib"), plugins.resolve("ownlib.jar"));
        FenceBackend backend = discover(plugins).backend("ownlib").create(new FakeConfigSection("backends/ownlib"), null);
        assertEquals("picocli 0.0.1-plugin, core visible false", backend.health().summary());
        assertNotEquals("0.0.1-plugin", picocli.CommandLine.VERSION, "the daemon keeps its own");
    }

    @Test
    void theLibvirtLibraryAndBindingComeFromTheDaemonSinceAProcessRunsOneLibvirtEventLoop() {
        assertTrue(PluginClassLoader.isShared("org.jfenced.libvirt.LibvirtConnectionPool"));
        assertTrue(PluginClassLoader.isShared("org.libvirt.Connect"));
        assertFalse(PluginClassLoader.isShared("org.jfenced.daemon.Daemon"), "the core stays out of sight");
    }

    @Test
    void aPluginDirectoryIsOnePluginWithItsLibraries() throws Exception {
        Path plugin = Files.createDirectories(dir.resolve("plugins").resolve("ownlib"));
        Files.move(PluginJars.conflictingLibraryPlugin(dir, "dir.lib", "dirlib"), plugin.resolve("plugin.jar"));
        DiscoveredPlugin found = discover(dir.resolve("plugins")).all().stream()
                .filter(p -> p.name().equals("dirlib")).findFirst().orElseThrow();
        assertEquals(plugin.toString(), found.origin());
        FenceBackend backend = ((BackendFactory) found.factory()).create(new FakeConfigSection("backends/dirlib"), null);
        assertEquals("picocli 0.0.1-plugin, core visible false", backend.health().summary());
    }

    @Test
    void aPluginDirectoryWithoutAJarIsAnError() throws Exception {
        Files.createDirectories(dir.resolve("plugins").resolve("empty"));
        ConfigException e = assertThrows(ConfigException.class, () -> discover(dir.resolve("plugins")));
        assertTrue(e.getMessage().contains("empty holds no jar"), e.getMessage());
    }

    @Test
    void twoBackendsWithOneNameAreAnErrorNamingBoth() throws Exception {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        Files.move(PluginJars.backendPlugin(dir, "a.p", "same"), plugins.resolve("a.jar"));
        Files.move(PluginJars.backendPlugin(dir, "b.p", "Same"), plugins.resolve("b.jar"));
        ConfigException e = assertThrows(ConfigException.class, () -> discover(plugins));
        assertTrue(e.getMessage().contains("two backend plugins called \"Same\"") && e.getMessage().contains("a.jar")
                && e.getMessage().contains("b.jar"), e.getMessage());
    }

    @Test
    void aJarThatRegistersNothingIsAnError() throws Exception {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        Files.move(PluginJars.jarWithoutServiceEntry(dir, "empty.p"), plugins.resolve("empty.jar"));
        ConfigException e = assertThrows(ConfigException.class, () -> discover(plugins));
        assertTrue(e.getMessage().contains("empty.jar declares no org.jfenced.spi.FencePlugin"), e.getMessage());
    }

    @Test
    void anUnknownNameListsWhatExists() throws Exception {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        Files.move(PluginJars.backendPlugin(dir, "z.p", "zeta"), plugins.resolve("z.jar"));
        ConfigException e = assertThrows(ConfigException.class, () -> discover(plugins).backend("xen"));
        assertEquals("no backend plugin called \"xen\"; available backends: zeta", e.getMessage());
    }

    @Test
    void aMissingPluginsDirectoryMeansTheClassPathOnly() throws Exception {
        assertTrue(discover(dir.resolve("absent")).all().isEmpty());
    }
}
