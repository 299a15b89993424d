package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code fence_virt -T} against {@code bin/jfenced} with the libvirt backend on a test-driver
 * node file. Each test starts its own daemon, so every test sees the VMs as the node file defines them.
 */
class FenceVirtTcpSystemTest {

    private static final String RUN1_UUID = "11111111-1111-1111-1111-111111111111";
    private static final String OFF1_UUID = "33333333-3333-3333-3333-333333333333";

    @TempDir
    Path dir;

    private JfencedProcess daemon;

    private FenceVirt start(String listenerExtra, String extraBlocks) {
        TestHost host = new TestHost(dir);
        daemon = JfencedProcess.start(dir, host.config(listenerExtra, extraBlocks));
        return host.client();
    }

    private FenceVirt start() {
        return start("", "");
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private static void assertExit(int expected, ClientRun run) {
        assertEquals(expected, run.exit(), run.toString());
    }

    private static String output(ClientRun run) {
        return run.stdout() + run.stderr();
    }

    @Test
    void listShowsEveryVmSortedWithItsUuidAndOnOnlyWhenRunning() {
        ClientRun run = start().run("-o", "list");
        assertExit(0, run);
        List<List<String>> rows = run.stdout().lines().map(l -> List.of(l.trim().split("\\s+"))).toList();
        assertEquals(List.of(
                List.of("vm-crashed", "77777777-7777-7777-7777-777777777777", "off"),
                List.of("vm-off1", OFF1_UUID, "off"),
                List.of("vm-paused", "44444444-4444-4444-4444-444444444444", "off"),
                List.of("vm-run1", RUN1_UUID, "on"),
                List.of("vm-run2", "22222222-2222-2222-2222-222222222222", "on")), rows);
    }

    @Test
    void statusIsOnForRunningAndOffForShutOffAndUnknownVms() {
        FenceVirt client = start();
        ClientRun on = client.run("-o", "status", "-n", "vm-run1");
        assertExit(0, on);
        assertTrue(output(on).contains("Status: ON"), on.toString());
        ClientRun off = client.run("-o", "status", "-n", "vm-off1");
        assertExit(2, off);
        assertTrue(output(off).contains("Status: OFF"), off.toString());
        assertExit(2, client.run("-o", "status", "-n", "no-such-vm"));
        assertExit(0, client.run("-o", "status", "-n", "vm-paused"));
    }

    @Test
    void vmsCanBeNamedByUuidInEitherCase() {
        FenceVirt client = start();
        assertExit(0, client.run("-o", "status", "-n", RUN1_UUID));
        assertExit(0, client.run("-o", "status", "-n", RUN1_UUID.toUpperCase()));
        assertExit(2, client.run("-o", "status", "-n", OFF1_UUID));
        assertExit(0, client.run("-o", "off", "-n", RUN1_UUID));
        assertExit(2, client.run("-o", "status", "-n", "vm-run1"));
    }

    @Test
    void offStopsARunningVmAndOffAgainStillSucceeds() {
        FenceVirt client = start();
        assertExit(0, client.run("-o", "off", "-n", "vm-run1"));
        assertExit(2, client.run("-o", "status", "-n", "vm-run1"));
        assertExit(0, client.run("-o", "off", "-n", "vm-run1"));
        assertTrue(client.run("-o", "list").stdout().lines().anyMatch(l -> l.startsWith("vm-run1") && l.endsWith("off")));
    }

    @Test
    void onStartsAShutOffVm() {
        FenceVirt client = start();
        assertExit(0, client.run("-o", "on", "-n", "vm-off1"));
        assertExit(0, client.run("-o", "status", "-n", "vm-off1"));
    }

    @Test
    void rebootLeavesARunningVmRunning() {
        FenceVirt client = start();
        assertExit(0, client.run("-o", "reboot", "-n", "vm-run2"));
        assertExit(0, client.run("-o", "status", "-n", "vm-run2"));
    }

    @Test
    void rebootOfAShutOffVmSucceedsAndLeavesItOff() {
        FenceVirt client = start();
        assertExit(0, client.run("-o", "reboot", "-n", "vm-off1"));
        assertExit(2, client.run("-o", "status", "-n", "vm-off1"));
    }

    @Test
    void powerActionsOnAnUnknownVmFail() {
        FenceVirt client = start();
        assertExit(1, client.run("-o", "off", "-n", "no-such-vm"));
        assertExit(1, client.run("-o", "on", "-n", "no-such-vm"));
        assertExit(1, client.run("-o", "reboot", "-n", "no-such-vm"));
    }

    @Test
    void monitorChecksThatTheDaemonAnswers() {
        assertExit(0, start().run("-o", "monitor"));
    }

    @Test
    void everyHashTypeAtOrAboveTheMinimumIsAccepted() {
        FenceVirt client = start("hash = \"sha1\";", "");
        assertExit(0, client.run("-c", "sha1", "-o", "status", "-n", "vm-run1"));
        assertExit(0, client.run("-c", "sha256", "-o", "status", "-n", "vm-run1"));
        assertExit(0, client.run("-c", "sha512", "-o", "status", "-n", "vm-run1"));
    }

    @Test
    void aHashBelowTheMinimumIsRefusedAndChangesNothing() {
        FenceVirt client = start("hash = \"sha512\";", "");
        assertNotEquals(0, client.run("-c", "sha256", "-o", "off", "-n", "vm-run1").exit());
        assertNotEquals(0, client.run("-c", "sha1", "-o", "off", "-n", "vm-run1").exit());
        assertExit(0, client.run("-c", "sha512", "-o", "status", "-n", "vm-run1"));
        assertTrue(daemon.log().contains("BAD_HASH"), daemon.log());
    }

    @Test
    void aWrongKeyFailsAndChangesNoVm() {
        FenceVirt client = start();
        Path otherKey = TestHost.writeKey(dir.resolve("other.key"), 4096);
        ClientRun wrong = client.withKey(otherKey).run("-o", "off", "-n", "vm-run1");
        assertNotEquals(0, wrong.exit(), wrong.toString());
        assertExit(0, client.run("-o", "status", "-n", "vm-run1"));
    }

    @Test
    void theAuthKeyIsHonouredUnlikeTheCTcpListener() {
        FenceVirt client = start("auth = \"sha512\";", "");
        assertExit(0, client.run("-C", "sha512", "-o", "status", "-n", "vm-run1"));
        assertNotEquals(0, client.run("-C", "sha256", "-o", "status", "-n", "vm-run1").exit());
    }

    @Test
    void aGroupThatDoesNotListTheTargetGivesPermissionDeniedAndChangesNothing() {
        FenceVirt client = start("", """
                groups {
                	group {
                		name = "guests";
                		ip = "127.0.0.1";
                		uuid = "vm-run1";
                		uuid = "22222222-2222-2222-2222-222222222222";
                	}
                }
                """);
        ClientRun denied = client.run("-o", "off", "-n", "vm-paused");
        assertExit(3, denied);
        assertTrue(output(denied).contains("Permission denied"), denied.toString());
        assertExit(3, client.run("-o", "off", "-n", "vm-run2"), "the group lists vm-run2 by UUID, not by name");
        assertExit(0, client.run("-o", "status", "-n", "22222222-2222-2222-2222-222222222222"));
        assertExit(0, client.run("-o", "off", "-n", "vm-run1"));
        assertExit(2, client.run("-o", "status", "-n", "vm-run1"));
    }

    private static void assertExit(int expected, ClientRun run, String why) {
        assertEquals(expected, run.exit(), why + "\n" + run);
    }

    @Test
    void aRequesterOutsideEveryGroupIsDeniedEverythingButMonitor() {
        FenceVirt client = start("", "groups { group { ip = \"192.0.2.10\"; uuid = \"vm-run1\"; } }");
        assertExit(3, client.run("-o", "status", "-n", "vm-run1"));
        assertExit(3, client.run("-o", "off", "-n", "vm-run1"));
        assertExit(0, client.run("-o", "monitor"));
        assertEquals("", client.run("-o", "list").stdout().trim());
    }

    @Test
    void theListShowsOnlyTheVmsTheRequestersGroupsAllowByNameOrUuid() {
        FenceVirt client = start("", """
                groups {
                	group { ip = "127.0.0.1"; uuid = "vm-run1"; uuid = "33333333-3333-3333-3333-333333333333"; }
                	group { ip = "192.0.2.10"; uuid = "vm-run2"; }
                }
                """);
        ClientRun run = client.run("-o", "list");
        assertExit(0, run);
        assertEquals(List.of("vm-off1", "vm-run1"),
                run.stdout().lines().map(l -> l.trim().split("\\s+")[0]).toList());
    }

    @Test
    void pacemakerStyleKeyValueLinesOnStdinWork() {
        FenceVirt client = start();
        assertExit(0, client.runStdin("action=status", "plug=vm-run1"));
        assertExit(0, client.runStdin("action=off", "port=vm-run2"));
        assertExit(2, client.runStdin("action=status", "plug=vm-run2"));
        ClientRun list = client.runStdin("action=list");
        assertExit(0, list);
        assertEquals(5, list.stdout().lines().count(), list.toString());
        assertExit(0, client.runStdin("action=monitor"));
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
