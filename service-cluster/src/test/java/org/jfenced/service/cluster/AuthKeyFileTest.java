package org.jfenced.service.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.jfenced.spi.AdminReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void keygenWritesRandomBytesOnlyTheOwnerMayRead() throws IOException {
        ClusterHost host = ClusterHost.withFakeCorosync(dir);
        Path first = dir.resolve("authkey");
        Path second = dir.resolve("other-key");

        AdminReply reply = host.ok("keygen " + first);
        host.ok("keygen " + second);

        assertEquals("wrote a new 256-byte key to " + first + " (mode 0400); copy it to every node over a secure"
                + " channel\n", reply.text());
        assertEquals(256, Files.size(first));
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first)));
        assertNotEquals(List.of(Files.readAllBytes(first)), List.of(Files.readAllBytes(second)));
        assertEquals(List.of("authkey", "other-key"), host.files());
    }

    @Test
    void keygenNeverReplacesAKey() throws IOException {
        ClusterHost host = ClusterHost.withFakeCorosync(dir);
        Path key = dir.resolve("authkey");
        host.ok("keygen " + key);
        byte[] before = Files.readAllBytes(key);

        AdminReply reply = host.run("keygen " + key);

        assertEquals(AdminReply.FAILED, reply.exitCode());
        assertEquals(key + " exists already; a cluster keeps its key (delete the file first to make a new one, then"
                + " copy it to every node)\n", reply.text());
        assertArrayEquals(before, Files.readAllBytes(key));
        assertEquals(List.of("authkey"), host.files());
    }

    @Test
    void keygenWithoutAFileWritesTheConfiguredKey() throws IOException {
        Path key = dir.resolve("corosync.key");
        ClusterHost host = new ClusterHost(dir, key, 10, null);

        host.ok("keygen");

        assertEquals(256, Files.size(key));
    }

    @Test
    void createWritesTheKeyCorosyncNeedsWhenTheHostHasNone() throws IOException {
        Path key = dir.resolve("corosync.key");
        ClusterHost host = new ClusterHost(dir, key, 10, null);

        AdminReply reply = host.ok("create demo");

        assertEquals(256, Files.size(key));
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertTrue(reply.text().contains("\nwrote a new 256-byte key to " + key + " (mode 0400); copy it with"
                + " corosync.conf to every node over a secure channel\n"), reply.text());
        assertEquals(true, ((Map<?, ?>) reply.data()).get("authkey_written"));
    }

    @Test
    void createKeepsAKeyTheHostHasAlready() throws IOException {
        Path key = dir.resolve("corosync.key");
        ClusterHost host = new ClusterHost(dir, key, 10, null);
        host.ok("keygen");
        byte[] before = Files.readAllBytes(key);

        AdminReply reply = host.ok("create demo");

        assertArrayEquals(before, Files.readAllBytes(key));
        assertTrue(reply.text().endsWith("\nkept the key at " + key + "\n"), reply.text());
        assertEquals(false, ((Map<?, ?>) reply.data()).get("authkey_written"));
    }
}
