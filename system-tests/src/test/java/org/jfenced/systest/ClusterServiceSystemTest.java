package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service {@code cluster} in {@code bin/jfenced}, driven by {@code bin/jfencectl cluster …}: the plugin is
 * found, registers its command, and edits the corosync.conf its block names. (Whether corosync runs with
 * those files is {@code service-cluster}'s RealClusterTest and {@link ClusterSetupSystemTest}; changes handed
 * to every node are {@link ClusterPropagateSystemTest}'s.)
 */
class ClusterServiceSystemTest {

    @TempDir
    Path dir;

    @AutoClose
    private JfencedProcess daemon;

    @Test
    void jfencectlCreatesAndEditsCorosyncConfThroughTheDaemon() throws Exception {
        TestHost host = new TestHost(dir);
        Path conf = dir.resolve("corosync.conf");
        String services = """
                services {
                	cluster {
                		corosync_conf = "%s";
                		authkey = "%s";
                		backup_dir = "%s";
                		keep_backups = "2";
                	}
                }
                """.formatted(conf, dir.resolve("authkey"), dir.resolve("backups"));
        daemon = JfencedProcess.start(dir, host.config("fence_virt.conf", "", "", "test://" + host.nodeFile, services));
        Ctl ctl = Ctl.of(host.adminSocket);

        assertTrue(ok(ctl.run("help")).contains("cluster "), "help lists the plugin's command");
        assertTrue(ok(ctl.run("cluster", "keygen")).startsWith("wrote a new 256-byte key to " + dir.resolve("authkey")));
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("authkey"))));
        assertTrue(ok(ctl.run("cluster", "create", "lab", "--node", "n1", "--link0", "192.0.2.11"))
                .startsWith("created cluster lab in " + conf + " (config_version 1)"));
        for (int n = 2; n <= 4; n++) {
            ok(ctl.run("cluster", "addnode", "n" + n, "--link0", "192.0.2.1" + n));
        }
        ClientRun duplicate = ctl.run("cluster", "addnode", "n5", "--link0", "192.0.2.12");
        assertEquals(1, duplicate.exit(), duplicate.toString());
        assertTrue(duplicate.stderr().contains("address 192.0.2.12 is used on link 0 by node \"n2\" (id 2)"),
                duplicate.toString());
        ok(ctl.run("cluster", "delnode", "n3"));

        String text = Files.readString(conf);
        assertTrue(text.contains("\tconfig_version: 5\n"), text);
        Map<String, Object> status = ctl.jsonObject("cluster", "status");
        assertEquals("lab", status.get("cluster"));
        assertEquals(List.of(1, 2, 4), ((List<?>) status.get("nodes")).stream()
                .map(n -> Integer.parseInt(((Map<?, ?>) n).get("nodeid").toString())).toList());
        try (var backups = Files.list(dir.resolve("backups"))) {
            assertEquals(2, backups.count(), "keep_backups = 2");
        }
        ClientRun usage = ctl.run("cluster", "addnode", "n9");
        assertEquals(64, usage.exit(), usage.toString());
    }

    private static String ok(ClientRun r) {
        assertEquals(0, r.exit(), r.toString());
        return r.stdout();
    }
}
