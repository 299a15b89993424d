package org.jfenced.service.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * corosync's own config check ({@code corosync -t}: parse, find the key and the local node, exit; nothing is
 * bound) accepts what the service writes, in the shapes a one-host check can cover: IPv4 and IPv6 with two
 * links and a key elsewhere than corosync's default. Multi-node configs run for real in RealClusterTest.
 */
class CorosyncConfigCheckTest {

    private static final Path COROSYNC = Path.of("/usr/sbin/corosync");

    @TempDir
    Path dir;

    @Test
    void corosyncAcceptsAnIpv4Cluster() throws Exception {
        ClusterHost host = new ClusterHost(dir, dir.resolve("authkey"), 10, null);
        host.ok("keygen");
        host.ok("create demo --node node1 --link0 127.0.0.1");

        assertEquals("", check(host.conf));
    }

    @Test
    void corosyncAcceptsAnIpv6ClusterWithTwoLinks() throws Exception {
        ClusterHost host = new ClusterHost(dir, dir.resolve("authkey"), 10, null);
        host.ok("keygen");
        host.ok("create v6-lab --node alpha --nodeid 5 --votes 2 --link0 ::1 --link1 fd00:2::5");

        assertEquals("", check(host.conf));
        assertTrue(host.confText().contains("\tip_version: ipv6\n\tkeyfile: " + host.authkey + "\n"));
    }

    /** Runs {@code corosync -t -c FILE}; returns its error lines, empty when it accepted the file. */
    private String check(Path conf) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(COROSYNC), COROSYNC + " is missing: install the Debian package corosync");
        Path out = dir.resolve("corosync-t.log");
        Process p = new ProcessBuilder(COROSYNC.toString(), "-t", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "corosync -t did not finish");
        } finally {
            p.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        String errors = String.join("\n", lines.stream().filter(l -> l.contains("error") || l.contains("parse")).toList());
        assertEquals(0, p.exitValue(), String.join("\n", lines));
        return errors;
    }
}
