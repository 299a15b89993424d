package org.jfenced.service.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.jfenced.spi.AdminReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** create, addnode and delnode write exactly the files under src/test/resources/golden. */
class ClusterEditGoldenTest {

    @TempDir
    Path dir;

    @Test
    void createWritesAOneNodeKnetClusterWithVersionOne() throws IOException {
        ClusterHost host = ClusterHost.withFakeCorosync(dir);

        AdminReply reply = host.ok("create demo");

        assertEquals(ClusterHost.golden("create.conf"), host.confText());
        assertTrue(reply.text().startsWith("created cluster demo in " + host.conf + " (config_version 1) with node"
                + " \"pve1\" (id 1) on link0 192.0.2.11\n"), reply.text());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(host.conf)));
    }

    @Test
    void createWithTwoIpv6LinksAndAnotherKeyFile() throws IOException {
        // the key lives in the test's directory: create writes a missing authkey, and a test never writes to /etc
        Path keyFile = dir.resolve("keys/corosync.key");
        Files.createDirectories(keyFile.getParent());
        ClusterHost host = new ClusterHost(dir, keyFile, 10, null);

        host.ok("create v6-lab --node alpha --nodeid 5 --votes 2 --link0 fd00:1::5 --link1=fd00:2::5");

        assertEquals(ClusterHost.golden("create-ipv6-two-links.conf").replace("@KEYFILE@", keyFile.toString()),
                host.confText());
        assertTrue(Files.exists(keyFile), "create wrote the missing authkey where the config names it");
    }

    @Test
    void addnodeTakesTheLowestFreeIdAndRaisesTheVersion() throws IOException {
        ClusterHost host = ClusterHost.withFakeCorosync(dir);
        host.ok("create demo");

        AdminReply second = host.ok("addnode pve2 --link0 192.0.2.12");
        host.ok("addnode pve3 --votes 2 --link0 192.0.2.13");

        assertEquals(ClusterHost.golden("addnode.conf"), host.confText());
        assertEquals("added node \"pve2\" (id 2) on link0 192.0.2.12 to cluster demo (config_version 2)\n", second.text());
        @SuppressWarnings("unchecked")
        Map<String, Object> node = (Map<String, Object>) ((Map<String, Object>) second.data()).get("node");
        assertEquals(2L, node.get("nodeid"));
    }

    @Test
    void delnodeByAddressRemovesTheNodeAndRaisesTheVersion() throws IOException {
        ClusterHost host = ClusterHost.withFakeCorosync(dir);
        host.ok("create demo");
        host.ok("addnode pve2 --link0 192.0.2.12");
        host.ok("addnode pve3 --votes 2 --link0 192.0.2.13");

        AdminReply reply = host.ok("delnode 192.0.2.12");

        assertEquals(ClusterHost.golden("delnode.conf"), host.confText());
        assertTrue(reply.text().startsWith("removed node \"pve2\" (id 2) from cluster demo (config_version 4)\n"),
                reply.text());
    }

    @Test
    void delnodeByNameThenAddnodeReusesTheFreedId() throws IOException {
        ClusterHost host = ClusterHost.withFakeCorosync(dir);
        Files.writeString(host.conf, ClusterHost.golden("addnode.conf"));

        host.ok("delnode pve2");
        host.ok("addnode pve2 --link0 192.0.2.12");

        assertEquals(ClusterHost.golden("addnode.conf").replace("config_version: 3", "config_version: 5"),
                host.confText());
    }

    @Test
    void aHandWrittenFileKeepsEveryKeyButLosesItsComments() throws IOException {
        ClusterHost host = ClusterHost.withFakeCorosync(dir);
        Files.writeString(host.conf, ClusterHost.golden("handwritten.conf"));

        host.ok("addnode node2 --link0 10.1.0.2");

        assertEquals(ClusterHost.golden("handwritten-addnode.conf"), host.confText());
        List<Path> backups = Files.list(host.backups).toList();
        assertEquals(1, backups.size());
        assertEquals(ClusterHost.golden("handwritten.conf"), Files.readString(backups.get(0)));
    }

    @Test
    void theSameNodesAddedInAnotherOrderGiveTheSameBytes() throws IOException {
        ClusterHost a = ClusterHost.withFakeCorosync(Files.createDirectory(dir.resolve("a")));
        ClusterHost b = ClusterHost.withFakeCorosync(Files.createDirectory(dir.resolve("b")));
        a.ok("create demo");
        a.ok("addnode pve2 --link0 192.0.2.12");
        a.ok("addnode pve3 --votes 2 --link0 192.0.2.13");
        b.ok("create demo");
        b.ok("addnode pve3 --nodeid 3 --votes 2 --link0 192.0.2.13");
        b.ok("addnode pve2 --link0 192.0.2.12");

        assertArrayEquals(Files.readAllBytes(a.conf), Files.readAllBytes(b.conf));
        assertArrayEquals(ClusterHost.golden("addnode.conf").getBytes(StandardCharsets.UTF_8), Files.readAllBytes(b.conf));
    }

    @ParameterizedTest
    @ValueSource(strings = {"create.conf", "addnode.conf", "delnode.conf", "create-ipv6-two-links.conf"})
    void aFileThisServiceWroteReadsBackToTheSameBytes(String golden) throws Exception {
        assertEquals(ClusterHost.golden(golden), ClusterConfig.parse(ClusterHost.golden(golden), golden).render());
    }
}
