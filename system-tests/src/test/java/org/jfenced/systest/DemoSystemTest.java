package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first page, command by command: {@code jfenced -F --demo} (what {@code scripts/demo} runs),
 * the three {@code fence_virt} lines and the two {@code jfencectl} lines, with the answers the README
 * promises. The demo listens on 127.0.0.1:1229, so it runs in a namespace of its own, whose loopback no
 * other daemon on this machine shares.
 */
class DemoSystemTest {

    @TempDir
    Path dir;

    @Test
    void theReadmeWalkthroughAnswersAsItSays() {
        Path demo = dir.resolve("jfenced-demo");
        try (NetNamespace ns = NetNamespace.create();
             JfencedProcess daemon = JfencedProcess.launchAsGivenIn(ns, dir, "-F", "--demo", demo.toString())) {
            daemon.awaitLog("jfenced ready", Duration.ofSeconds(60));

            ClientRun list = fenceVirt(ns, demo, "-o", "list");
            assertEquals(0, list.exit(), list.toString());
            assertTrue(list.stdout().lines().anyMatch(l -> l.startsWith("vm-web ")), list.toString());

            ClientRun off = fenceVirt(ns, demo, "-o", "off", "-n", "vm-web");
            assertEquals(0, off.exit(), off.toString());

            ClientRun status = fenceVirt(ns, demo, "-o", "status", "-n", "vm-web");
            assertEquals(2, status.exit(), "Status: OFF is exit 2: " + status);

            ClientRun history = ctl(ns, demo, "history", "--action", "off");
            assertEquals(0, history.exit(), history.toString());
            assertTrue(history.stdout().lines().anyMatch(l -> l.contains(" off ") && l.contains("vm-web")
                    && l.contains("success")), history.toString());

            ClientRun explain = ctl(ns, demo, "explain", "off", "vm-web", "--from", "127.0.0.1");
            assertEquals(0, explain.exit(), explain.toString());
            assertTrue(explain.stdout().contains("vm-web"), explain.toString());
        }
    }

    private static ClientRun fenceVirt(NetNamespace ns, Path demo, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Requirements.binary("/usr/sbin/fence_virt", "fence-virt").toString(),
                "-T", "127.0.0.1", "-k", demo.resolve("fence_virt.key").toString()));
        cmd.addAll(List.of(args));
        return ns.run(Duration.ofSeconds(60), null, cmd.toArray(String[]::new));
    }

    private static ClientRun ctl(NetNamespace ns, Path demo, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Requirements.jfencedHome().resolve("bin/jfencectl").toString(),
                "--socket", demo.resolve("admin.sock").toString()));
        cmd.addAll(List.of(args));
        return ns.run(Duration.ofSeconds(60), null, cmd.toArray(String[]::new));
    }
}
