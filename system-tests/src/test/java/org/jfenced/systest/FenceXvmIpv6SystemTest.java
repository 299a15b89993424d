package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.jfenced.xvm.wire.FenceWireRequest;
import org.jfenced.xvm.wire.HashType;
import org.jfenced.xvm.wire.RequestCodec;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fence_xvm over IPv6: the real client against the group ff05::3:1 from a guest with two global
 * addresses, and a guest that only has its link-local address, which fence_virtd cannot call back
 * because it never sets the scope.
 */
class FenceXvmIpv6SystemTest {

    private static final String GROUP = "ff05::3:1";
    private static final String SECOND_V6 = "fd00:231::12";
    private static final int CALLBACK_PORT = 1300;

    @AutoClose
    private static GuestNetwork net;

    @TempDir
    Path dir;

    private TestHost host;
    @AutoClose
    private JfencedProcess daemon;

    @BeforeAll
    static void network() {
        net = GuestNetwork.create(SECOND_V6 + "/64");
    }

    private FenceXvm start(String extraBlocks) {
        host = new TestHost(dir);
        daemon = JfencedProcess.startIn(net.host, dir, host.multicastConfig("family = \"ipv6\";", extraBlocks), "-d", "1");
        return new FenceXvm(net.guest, GROUP, host.key);
    }

    private static void assertExit(int expected, ClientRun run) {
        assertEquals(expected, run.exit(), run.toString());
    }

    @Test
    void everyActionWorksOverIpv6() {
        FenceXvm client = start("");
        ClientRun list = client.run("-o", "list");
        assertExit(0, list);
        assertEquals(5, list.stdout().lines().count(), list.toString());
        assertExit(0, client.run("-o", "status", "-n", "vm-run1"));
        assertExit(2, client.run("-o", "status", "-n", "vm-off1"));
        assertExit(0, client.run("-o", "off", "-n", "vm-run1"));
        assertExit(2, client.run("-o", "status", "-n", "vm-run1"));
        assertExit(0, client.run("-o", "on", "-n", "vm-run1"));
        assertExit(0, client.run("-o", "reboot", "-n", "vm-run2"));
        assertExit(0, client.run("-o", "monitor"));
    }

    @Test
    void oneOffFromAGuestWithTwoAddressesDestroysTheVmOnce() {
        FenceXvm client = start("");
        assertExit(0, client.run("-o", "off", "-n", "vm-run1"));
        assertEquals(1, daemon.countLog("off \"vm-run1\": destroyed"), daemon.log());
    }

    @Test
    void groupsNameIpv6RequestersInTheirShortForm() {
        FenceXvm client = start("groups { group { ip = \"" + GuestNetwork.GUEST_V6 + "\"; ip = \"" + SECOND_V6
                + "\"; uuid = \"vm-run1\"; } }");
        assertExit(3, client.run("-o", "off", "-n", "vm-run2"));
        assertExit(0, client.run("-o", "off", "-n", "vm-run1"));
    }

    @Test
    void aGuestKnownOnlyByItsLinkLocalAddressIsCalledBackOnItsLink() throws Exception {
        start("");
        String linkLocal = net.guestLinkLocal();
        String scoped = linkLocal + "%" + GuestNetwork.GUEST_IF;
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        byte[] off = RequestCodec.encode(1, HashType.SHA256, "vm-run1", InetAddress.getByName(linkLocal)
                .getAddress(), CALLBACK_PORT, 4711, FenceWireRequest.FAMILY_INET6, random, Files.readAllBytes(host.key));
        ClientRun run = new ScriptedXvmClient.Script(GROUP, 1229).from(scoped).send(off)
                .callback(scoped, CALLBACK_PORT, ScriptedXvmClient.Mode.ANSWER, host.key, Duration.ofSeconds(5))
                .runIn(net.guest);
        assertTrue(run.stdout().contains("reply 00"), run + "\n" + daemon.log());
        assertEquals(1, daemon.countLog("off \"vm-run1\": destroyed"), daemon.log());
    }
}
