package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real {@code fence_virt -T} against {@code bin/jfenced}'s TCP listener: the client suite, and what
 * only TCP has — the auth hash the C TCP listener ignores, IPv6 on loopback.
 */
class FenceVirtTcpSystemTest extends FenceClientSuite {

    @Override
    FenceVirt start(String listenerExtra, String extraBlocks) {
        TestHost host = new TestHost(dir);
        daemon = JfencedProcess.start(dir, host.config(listenerExtra, extraBlocks));
        return host.client();
    }

    @Override
    List<String> clientAddresses() {
        return List.of("127.0.0.1");
    }

    @Test
    void aHashBelowTheMinimumIsRefusedAndChangesNothing() {
        FenceClient client = start("hash = \"sha512\";", "");
        assertNotEquals(0, client.run("-c", "sha256", "-o", "off", "-n", "vm-run1").exit());
        assertNotEquals(0, client.run("-c", "sha1", "-o", "off", "-n", "vm-run1").exit());
        assertExit(0, client.run("-c", "sha512", "-o", "status", "-n", "vm-run1"));
        assertTrue(daemon.log().contains("BAD_HASH"), daemon.log());
    }

    @Test
    void theAuthKeyIsHonouredUnlikeTheCTcpListener() {
        FenceClient client = start("auth = \"sha512\";", "");
        assertExit(0, client.run("-C", "sha512", "-o", "status", "-n", "vm-run1"));
        assertNotEquals(0, client.run("-C", "sha256", "-o", "status", "-n", "vm-run1").exit());
    }

    @Test
    void ipv6WorksAndTheGroupsSeeTheClientAsColonColonOne() {
        TestHost host = new TestHost(dir);
        Path conf = TestHost.writePrivate(dir.resolve("v6.conf"), """
                fence_virtd { listener = "tcp"; backend = "libvirt"; admin_socket = "%s"; journal_dir = "%s"; }
                listeners { tcp { family = "ipv6"; port = "%d"; key_file = "%s"; } }
                backends { libvirt { uri = "test://%s"; } }
                groups { group { ip = "::1"; uuid = "vm-run1"; } }
                """.formatted(host.adminSocket, dir, host.port, host.key, host.nodeFile));
        daemon = JfencedProcess.start(dir, conf);
        assertTrue(daemon.log().contains("listener tcp on tcp [::1]:" + host.port), daemon.log());
        FenceVirt client = new FenceVirt("::1", host.port, host.key);
        assertExit(0, client.run("-o", "status", "-n", "vm-run1"));
        assertExit(3, client.run("-o", "status", "-n", "vm-run2"));
        assertExit(0, client.run("-o", "off", "-n", "vm-run1"));
        assertExit(2, client.run("-o", "status", "-n", "vm-run1"));
    }
}
