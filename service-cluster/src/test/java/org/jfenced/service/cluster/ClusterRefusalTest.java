package org.jfenced.service.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfenced.spi.AdminReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every documented refusal: the message the operator reads, and a corosync.conf left byte for byte as it
 * was, with no backup and no temporary file.
 */
class ClusterRefusalTest {

    @TempDir
    Path dir;

    /** The cluster is addnode.conf: demo, IPv4, link 0 only, pve1 to pve3 on 192.0.2.11 to .13. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            create demo                                  | ` exists already: this host is configured for a cluster (to start over, move the file away first)`
            addnode pve2 --link0 192.0.2.12              | `node "pve2" (id 2) exists already; --force accepts re-adding it unchanged`
            addnode pve2 --link0 192.0.2.99 --force      | `node "pve2" (id 2) exists with other settings (votes 1, link0 192.0.2.12); delete it first to change it`
            addnode pve4 --nodeid 2 --link0 192.0.2.14   | `node id 2 is taken by node "pve2" (id 2)`
            addnode pve4 --link0 192.0.2.12              | `address 192.0.2.12 is used on link 0 by node "pve2" (id 2)`
            addnode pve4 --link0 fd00::14                | `address fd00::14 is IPv6 but the cluster uses IPv4: corosync cannot mix them`
            addnode pve4 --link0 192.0.2.14 --link1 198.51.100.14 | `cluster demo has no link 1: --link1 is not allowed`
            addnode pve4 --link0 pve4.example.com        | `address "pve4.example.com" is not an IPv4 or IPv6 address (host names are not accepted: give the address)`
            addnode pve4 --link0 192.0.2.300             | `address "192.0.2.300" is not an IPv4 or IPv6 address (host names are not accepted: give the address)`
            addnode pve4 --link0 224.0.0.1               | `address 224.0.0.1 cannot be a node's link address (unspecified, multicast, broadcast or link-local)`
            addnode pve4 --link0 127.0.0.1               | `address 127.0.0.1 is a loopback address, which other nodes cannot reach`
            addnode pve_4 --link0 192.0.2.14             | `node name "pve_4": 1 to 63 letters, digits, '-' or '.', starting with a letter or digit`
            addnode pve4 --nodeid 0 --link0 192.0.2.14   | `node id 0: 1 to 4294967295`
            delnode pve9                                 | `cluster demo has no node called or at "pve9"`
            delnode 192.0.2.99                           | `cluster demo has no node called or at "192.0.2.99"`
            """)
    void aRefusedChangeLeavesTheFileAsItWas(String command, String message) throws IOException {
        ClusterHost host = clusterOfThree();
        byte[] before = Files.readAllBytes(host.conf);

        AdminReply reply = host.run(command);

        assertEquals(AdminReply.FAILED, reply.exitCode());
        assertTrue(reply.text().endsWith(message + "\n"), reply.text());
        assertArrayEquals(before, Files.readAllBytes(host.conf));
        assertEquals(List.of("corosync.conf"), host.files());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            create this-name-is-too-long    | `cluster name "this-name-is-too-long": 1 to 15 letters, digits or '-' (it cannot be changed later)`
            create demo.lab                 | `cluster name "demo.lab": 1 to 15 letters, digits or '-' (it cannot be changed later)`
            create demo --votes 0           | `votes 0: 1 to 65535`
            create demo --link0 192.0.2.11 --link1 fd00::11 | `address fd00::11 is IPv6 but link 0 is IPv4: corosync cannot mix them`
            create demo --link0 192.0.2.11 --link1 192.0.2.11 | `address 192.0.2.11 is given for two links; each link needs its own network`
            addnode pve2 --link0 192.0.2.12 | ` does not exist (make one with: cluster create NAME)`
            status                          | ` does not exist (make one with: cluster create NAME)`
            """)
    void withoutAClusterNothingIsWritten(String command, String message) throws IOException {
        ClusterHost host = ClusterHost.withFakeCorosync(dir);

        AdminReply reply = host.run(command);

        assertEquals(AdminReply.FAILED, reply.exitCode());
        assertTrue(reply.text().endsWith(message + "\n"), reply.text());
        assertEquals(List.of(), host.files());
    }

    @Test
    void forceMakesReAddingAnIdenticalNodeANoOp() throws IOException {
        ClusterHost host = clusterOfThree();
        byte[] before = Files.readAllBytes(host.conf);

        AdminReply reply = host.ok("addnode pve2 --nodeid 2 --link0 192.0.2.12 --force");

        assertEquals("node \"pve2\" (id 2) exists as given: nothing changed (config_version 3)\n", reply.text());
        assertArrayEquals(before, Files.readAllBytes(host.conf));
        assertEquals(List.of("corosync.conf"), host.files());
    }

    @Test
    void aClusterWithTwoLinksNeedsBothForANewNode() throws IOException {
        ClusterHost host = ClusterHost.withFakeCorosync(dir);
        host.ok("create lab --link0 10.0.0.1 --link1 10.1.0.1");
        byte[] before = Files.readAllBytes(host.conf);

        AdminReply reply = host.run("addnode pve2 --link0 10.0.0.2");

        assertEquals("cluster lab uses link 1: give --link1 too\n", reply.text());
        assertArrayEquals(before, Files.readAllBytes(host.conf));
    }

    @Test
    void theLastNodeIsNotDeleted() throws IOException {
        ClusterHost host = ClusterHost.withFakeCorosync(dir);
        host.ok("create demo");

        AdminReply reply = host.run("delnode pve1");

        assertEquals("node \"pve1\" (id 1) is the last node of cluster demo; to give up the cluster, stop corosync"
                + " and remove corosync.conf\n", reply.text());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `totem {\\n\\tcluster_name: x\\n`                     | `/corosync.conf: block "totem" is not closed`
            `totem {\\n\\tcluster_name: x\\n}\\n}\\n`             | `/corosync.conf:4: '}' without a block to close`
            `totem {\\n\\tcluster_name x\\n}\\n`                  | `/corosync.conf:2: expected "key: value", "name {" or "}", got "cluster_name x"`
            `totem {\\n\\tcluster_name: x\\n}\\n`                 | `/corosync.conf: totem has no config_version, so other nodes could not tell a newer file from an older one; add "config_version: 1" to totem`
            `quorum {\\n\\tprovider: corosync_votequorum\\n}\\n`  | `/corosync.conf: no totem block: this is not a corosync.conf`
            """)
    void aFileThatCannotBeReadIsNotTouched(String content, String message) throws IOException {
        ClusterHost host = ClusterHost.withFakeCorosync(dir);
        Files.writeString(host.conf, content.replace("\\n", "\n").replace("\\t", "\t"));
        byte[] before = Files.readAllBytes(host.conf);

        AdminReply reply = host.run("addnode pve2 --link0 192.0.2.12");

        assertEquals(AdminReply.FAILED, reply.exitCode());
        assertTrue(reply.text().endsWith(message + "\n"), reply.text());
        assertArrayEquals(before, Files.readAllBytes(host.conf));
        assertFalse(Files.exists(host.backups));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            addnode pve4
            addnode pve4 --link0
            addnode pve4 --link7 192.0.2.14
            addnode pve4 --link0 192.0.2.14 --votes many
            delnode
            expected
            expected none
            frobnicate
            """)
    void wrongArgumentsAreAUsageError(String command) throws IOException {
        ClusterHost host = clusterOfThree();

        AdminReply reply = host.run(command);

        assertEquals(AdminReply.USAGE, reply.exitCode(), reply.text());
        assertTrue(reply.text().contains("cluster addnode NAME [--nodeid N]"), reply.text());
    }

    @Test
    void aUsageErrorSaysWhatIsMissingThenShowsEverySubcommand() throws IOException {
        AdminReply reply = clusterOfThree().run("delnode");

        assertEquals("delnode takes exactly one NAME|ADDRESS; usage:\n" + ClusterCommand.USAGE + "\n", reply.text());
    }

    private ClusterHost clusterOfThree() throws IOException {
        return ClusterHost.ofThree(dir);
    }
}
