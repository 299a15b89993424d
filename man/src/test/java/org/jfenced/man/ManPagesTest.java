package org.jfenced.man;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.jfenced.ctl.Jfencectl;
import org.jfenced.daemon.DaemonKeys;
import org.jfenced.daemon.Jfenced;
import org.jfenced.spi.ConfigKey;
import org.jfenced.spi.FencePlugin;
import org.jfenced.spi.PluginFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The generated pages: complete against the code, and clean for the man page linters. */
class ManPagesTest {

    @TempDir
    static Path dir;

    static List<Path> pages;

    @BeforeAll
    static void generate() throws IOException {
        pages = ManPages.write(dir, "1.2.3");
    }

    @Test
    void mandocFindsNothingToWarnAbout() throws Exception {
        for (Path page : pages) {
            assertSilent("mandoc", "-T", "lint", "-W", "warning", page.toString());
        }
    }

    @Test
    void groffRendersThemWithoutWarnings() throws Exception {
        for (Path page : pages) {
            assertSilent("groff", "-ww", "-man", "-Tutf8", "-z", page.toString());
        }
    }

    @Test
    void theDaemonsPageNamesEveryOptionItParses() throws IOException {
        assertEveryOption(Jfenced.commandSpec(), page("man8/jfenced.8"));
    }

    @Test
    void jfencectlsPageNamesEveryOptionAndTheDaemonsCommands() throws IOException {
        String text = page("man8/jfencectl.8");
        assertEveryOption(Jfencectl.commandSpec(), text);
        for (String command : List.of("status", "vms", "members", "history", "plugins", "fence", "metrics", "help")) {
            assertTrue(text.contains(".B " + command + "\n") || text.contains(".BI \"" + command + " \""),
                    "jfencectl.8 lacks command " + command);
        }
    }

    @Test
    void theConfigPageHasEveryKeyOfTheDaemonAndOfEveryPlugin() throws IOException {
        String text = page("man5/jfenced.conf.5");
        List<ConfigKey> keys = new ArrayList<>(DaemonKeys.ALL);
        List<PluginFactory<?>> factories = new ArrayList<>();
        ServiceLoader.load(FencePlugin.class).forEach(p -> {
            factories.addAll(p.listeners());
            factories.addAll(p.backends());
            factories.addAll(p.services());
        });
        assertTrue(factories.size() >= 6, "the built-in plugins are on the class path: " + factories.size());
        for (PluginFactory<?> f : factories) {
            assertTrue(text.contains("{ " + f.name() + " { ... } }"), "jfenced.conf.5 lacks plugin " + f.name());
            keys.addAll(f.configKeys());
        }
        for (ConfigKey key : keys) {
            assertTrue(text.contains(".B " + Roff.name(key.name()) + "\n"), "jfenced.conf.5 lacks key " + key.name());
        }
    }

    private static void assertEveryOption(CommandSpec spec, String text) {
        for (OptionSpec option : spec.options()) {
            if (!option.hidden()) {
                assertTrue(text.contains(Roff.name(String.join(", ", option.names()))), "no option " + option.longestName());
            }
        }
    }

    private static String page(String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }

    /** Runs a linter, which must print nothing and exit 0. */
    private static void assertSilent(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        assertEquals("", out, String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": exit status");
    }
}
