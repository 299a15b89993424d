package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every client of the family sees from {@code bin/jfenced} with the libvirt backend on a
 * test-driver node file, whatever the transport: the actions, unknown VMs, keys and hashes, groups, the
 * Pacemaker way of calling. A subclass starts the daemon with its listener and gives the client. Each
 * test starts its own daemon, so every test sees the VMs as the node file defines them.
 */
abstract class FenceClientSuite {

    static final String RUN1_UUID = "11111111-1111-1111-1111-111111111111";
    static final String RUN2_UUID = "22222222-2222-2222-2222-222222222222";
    static final String OFF1_UUID = "33333333-3333-3333-3333-333333333333";

    @TempDir
    Path dir;

    @AutoClose
    JfencedProcess daemon;

    /** Starts {@link #daemon} with the listener's extra keys and extra top-level blocks. */
    abstract FenceClient start(String listenerExtra, String extraBlocks);

    /** The addresses the daemon sees the client's requests come from, as the groups' {@code ip} keys name them. */
    abstract List<String> clientAddresses();

    /** The client as it is to run when the daemon will not answer it. */
    FenceClient unanswered(FenceClient client) {
        return client;
    }

    FenceClient start() {
        return start("", "");
    }

    static void assertExit(int expected, ClientRun run) {
        assertEquals(expected, run.exit(), run.toString());
    }

    static void assertExit(int expected, ClientRun run, String why) {
        assertEquals(expected, run.exit(), why + "\n" + run);
    }

    static String output(ClientRun run) {
        return run.stdout() + run.stderr();
    }

    private String clientIps() {
        return clientAddresses().stream().map(a -> "ip = \"" + a + "\";").collect(Collectors.joining(" "));
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
                List.of("vm-run2", RUN2_UUID, "on")), rows);
    }

    @Test
    void statusIsOnForRunningAndOffForShutOffAndUnknownVms() {
        FenceClient client = start();
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
        FenceClient client = start();
        assertExit(0, client.run("-o", "status", "-n", RUN1_UUID));
        assertExit(0, client.run("-o", "status", "-n", RUN1_UUID.toUpperCase()));
        assertExit(2, client.run("-o", "status", "-n", OFF1_UUID));
        assertExit(0, client.run("-o", "off", "-n", RUN1_UUID));
        assertExit(2, client.run("-o", "status", "-n", "vm-run1"));
    }

    @Test
    void offStopsARunningVmAndOffAgainStillSucceeds() {
        FenceClient client = start();
        assertExit(0, client.run("-o", "off", "-n", "vm-run1"));
        assertExit(2, client.run("-o", "status", "-n", "vm-run1"));
        assertExit(0, client.run("-o", "off", "-n", "vm-run1"));
        assertTrue(client.run("-o", "list").stdout().lines().anyMatch(l -> l.startsWith("vm-run1") && l.endsWith("off")));
    }

    @Test
    void onStartsAShutOffVm() {
        FenceClient client = start();
        assertExit(0, client.run("-o", "on", "-n", "vm-off1"));
        assertExit(0, client.run("-o", "status", "-n", "vm-off1"));
    }

    @Test
    void rebootLeavesARunningVmRunning() {
        FenceClient client = start();
        assertExit(0, client.run("-o", "reboot", "-n", "vm-run2"));
        assertExit(0, client.run("-o", "status", "-n", "vm-run2"));
    }

    @Test
    void rebootOfAShutOffVmSucceedsAndLeavesItOff() {
        FenceClient client = start();
        assertExit(0, client.run("-o", "reboot", "-n", "vm-off1"));
        assertExit(2, client.run("-o", "status", "-n", "vm-off1"));
    }

    @Test
    void powerActionsOnAnUnknownVmFail() {
        FenceClient client = start();
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
        FenceClient client = start("hash = \"sha1\";", "");
        assertExit(0, client.run("-c", "sha1", "-o", "status", "-n", "vm-run1"));
        assertExit(0, client.run("-c", "sha256", "-o", "status", "-n", "vm-run1"));
        assertExit(0, client.run("-c", "sha512", "-o", "status", "-n", "vm-run1"));
    }

    @Test
    void aRequestSignedWithAnotherKeyIsDroppedAndChangesNoVm() {
        FenceClient client = start();
        Path otherKey = TestHost.writeKey(dir.resolve("other.key"), 4096);
        ClientRun wrong = unanswered(client.withKey(otherKey)).run("-o", "off", "-n", "vm-run1");
        assertNotEquals(0, wrong.exit(), wrong.toString());
        assertTrue(daemon.log().contains("dropped (BAD_HASH)"), daemon.log());
        assertExit(0, client.run("-o", "status", "-n", "vm-run1"));
    }

    @Test
    void aGroupThatDoesNotListTheTargetGivesPermissionDeniedAndChangesNothing() {
        FenceClient client = start("", "groups { group { name = \"guests\"; " + clientIps()
                + " uuid = \"vm-run1\"; uuid = \"" + RUN2_UUID + "\"; } }");
        ClientRun denied = client.run("-o", "off", "-n", "vm-paused");
        assertExit(3, denied);
        assertTrue(output(denied).contains("Permission denied"), denied.toString());
        assertExit(3, client.run("-o", "off", "-n", "vm-run2"), "the group lists vm-run2 by UUID, not by name");
        assertExit(0, client.run("-o", "status", "-n", RUN2_UUID));
        assertExit(0, client.run("-o", "off", "-n", "vm-run1"));
        assertExit(2, client.run("-o", "status", "-n", "vm-run1"));
    }

    @Test
    void aRequesterOutsideEveryGroupIsDeniedEverythingButMonitor() {
        FenceClient client = start("", "groups { group { ip = \"192.0.2.10\"; uuid = \"vm-run1\"; } }");
        assertExit(3, client.run("-o", "status", "-n", "vm-run1"));
        assertExit(3, client.run("-o", "off", "-n", "vm-run1"));
        assertExit(0, client.run("-o", "monitor"));
        assertEquals("", client.run("-o", "list").stdout().trim());
    }

    @Test
    void theListShowsOnlyTheVmsTheRequestersGroupsAllowByNameOrUuid() {
        FenceClient client = start("", "groups { group { " + clientIps() + " uuid = \"vm-run1\"; uuid = \""
                + OFF1_UUID + "\"; } group { ip = \"192.0.2.10\"; uuid = \"vm-run2\"; } }");
        ClientRun run = client.run("-o", "list");
        assertExit(0, run);
        assertEquals(List.of("vm-off1", "vm-run1"), run.stdout().lines().map(l -> l.trim().split("\\s+")[0]).toList());
    }

    @Test
    void pacemakerStyleKeyValueLinesOnStdinWork() {
        FenceClient client = start();
        assertExit(0, client.runStdin("action=status", "plug=vm-run1"));
        assertExit(0, client.runStdin("action=off", "port=vm-run2"));
        assertExit(2, client.runStdin("action=status", "plug=vm-run2"));
        ClientRun list = client.runStdin("action=list");
        assertExit(0, list);
        assertEquals(5, list.stdout().lines().count(), list.toString());
        assertExit(0, client.runStdin("action=monitor"));
    }
}
