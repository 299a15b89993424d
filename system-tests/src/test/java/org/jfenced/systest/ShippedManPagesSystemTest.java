package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The installation describes every plugin it ships: each plugin {@code jfenced -l} finds in the assembled
 * layout has its block in the jfenced.conf(5) that the layout carries (the man module generates the page from
 * the plugins on its own class path, which must therefore hold every plugin dist ships).
 */
class ShippedManPagesSystemTest {

    @Test
    void theConfigPageHasABlockForEveryShippedPlugin() throws IOException {
        Path home = Requirements.jfencedHome();
        String page = Files.readString(home.resolve("man/man5/jfenced.conf.5"));
        ClientRun list = FenceVirt.exec(List.of(home.resolve("bin/jfenced").toString(), "-l"), null);
        assertEquals(0, list.exit(), list.toString());
        List<String[]> plugins = list.stdout().lines().skip(1).map(l -> l.trim().split("\\s+")).toList();
        assertTrue(plugins.size() >= 8, "jfenced -l lists the built-in plugins: " + list.stdout());
        for (String[] p : plugins) {
            String block = p[0] + "s { " + p[1] + " { ... } }";
            assertTrue(page.contains(block), "jfenced.conf(5) has no \"" + block + "\": add the plugin's module to"
                    + " man/pom.xml");
        }
    }
}
