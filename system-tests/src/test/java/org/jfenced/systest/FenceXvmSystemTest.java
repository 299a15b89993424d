package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real fence_xvm in a guest namespace against {@code bin/jfenced} with the multicast listener in
 * the host namespace, IPv4. The guest has three addresses, so every request arrives as three copies
 * per attempt, as it does from a VM with several addresses. Each test starts its own daemon on the
 * libvirt test driver, so every test sees the VMs as the node file defines them.
 */
class FenceXvmSystemTest {

    private static final String GROUP = "225.0.0.12";
    private static final String RUN1_UUID = "11111111-1111-1111-1111-111111111111";
    private static final List<String> GUEST_ADDRESSES = List.of(GuestNetwork.GUEST_V4, "10.231.0.12", "10.231.0.13");

    private static GuestNetwork net;

    @TempDir
    Path dir;

    private JfencedProcess daemon;

    @BeforeAll
    static void network() {
        net = GuestNetwork.create("10.231.0.12/24", "10.231.0.13/24");
    }

    @AfterAll
    static void removeNetwork() {
        if (net != null) {
            net.close();
        }
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private FenceXvm start(String listenerExtra, String extraBlocks) {
        TestHost host = new TestHost(dir);
        daemon = JfencedProcess.startIn(net.host, dir, host.multicastConfig(listenerExtra, extraBlocks), "-d", "1");
        return new FenceXvm(net.guest, GROUP, host.key);
    }

    private FenceXvm start() {
        return start("", "");
    }

    private static void assertExit(int expected, ClientRun run) {
        assertEquals(expected, run.exit(), run.toString());
    }

    private static String output(ClientRun run) {
        return run.stdout() + run.stderr();
    }

    private long destroyed(String vm) {
        return daemon.countLog("off \"" + vm + "\": destroyed");
    }

    @Test
    void listShowsEveryVmWithItsUuidAndState() {
        ClientRun run = start().run("-o", "list");
        assertExit(0, run);
        assertEquals(List.of(
                List.of("vm-crashed", "77777777-7777-7777-7777-777777777777", "off"),
                List.of("vm-off1", "33333333-3333-3333-3333-333333333333", "off"),
                List.of("vm-paused", "44444444-4444-4444-4444-444444444444", "off"),
                List.of("vm-run1", RUN1_UUID, "on"),
                List.of("vm-run2", "22222222-2222-2222-2222-222222222222", "on")),
                run.stdout().lines().map(l -> List.of(l.trim().split("\\s+"))).toList());
    }

    @Test
    void statusIsOnForARunningVmAndOffForAShutOffOrUnknownOne() {
        FenceXvm client = start();
        ClientRun on = client.run("-o", "status", "-n", "vm-run1");
        assertExit(0, on);
        assertTrue(output(on).contains("Status: ON"), on.toString());
        ClientRun off = client.run("-o", "status", "-n", "vm-off1");
        assertExit(2, off);
        assertTrue(output(off).contains("Status: OFF"), off.toString());
        assertExit(2, client.run("-o", "status", "-n", "no-such-vm"));
    }

    @Test
    void offOnAndRebootChangeTheVmsAsAsked() {
        FenceXvm client = start();
        assertExit(0, client.run("-o", "off", "-n", "vm-run1"));
        assertExit(2, client.run("-o", "status", "-n", "vm-run1"));
        assertExit(0, client.run("-o", "on", "-n", "vm-run1"));
        assertExit(0, client.run("-o", "status", "-n", "vm-run1"));
        assertExit(0, client.run("-o", "reboot", "-n", "vm-run2"));
        assertExit(0, client.run("-o", "status", "-n", "vm-run2"));
        assertExit(1, client.run("-o", "off", "-n", "no-such-vm"));
    }

    @Test
    void monitorChecksThatTheDaemonAnswers() {
        assertExit(0, start().run("-o", "monitor"));
    }

    @Test
    void vmsCanBeNamedByUuid() {
        FenceXvm client = start();
        assertExit(0, client.run("-o", "status", "-n", RUN1_UUID));
        assertExit(0, client.run("-o", "off", "-u", "-n", RUN1_UUID));
        assertExit(2, client.run("-o", "status", "-n", "vm-run1"));
    }

    @Test
    void everyHashAtOrAboveTheMinimumIsAccepted() {
        FenceXvm client = start("hash = \"sha1\";", "");
        assertExit(0, client.run("-c", "sha1", "-o", "status", "-n", "vm-run1"));
        assertExit(0, client.run("-c", "sha256", "-o", "status", "-n", "vm-run1"));
        assertExit(0, client.run("-c", "sha512", "-o", "status", "-n", "vm-run1"));
    }

    @Test
    void aRequestSignedWithAnotherKeyChangesNothingAndTheClientTimesOut() {
        FenceXvm client = start();
        Path otherKey = TestHost.writeKey(dir.resolve("other.key"), 4096);
        ClientRun wrong = client.withKey(otherKey).withTimeout(2).run("-o", "off", "-n", "vm-run1");
        assertExit(1, wrong);
        assertTrue(output(wrong).contains("Timed out"), wrong.toString());
        assertTrue(daemon.log().contains("dropped (BAD_HASH)"), daemon.log());
        assertEquals(0, destroyed("vm-run1"));
        assertExit(0, client.run("-o", "status", "-n", "vm-run1"));
    }

    @Test
    void aGroupThatDoesNotListTheTargetGivesPermissionDeniedAndChangesNothing() {
        String ips = GUEST_ADDRESSES.stream().map(a -> "ip = \"" + a + "\";").collect(Collectors.joining(" "));
        FenceXvm client = start("", "groups { group { " + ips + " uuid = \"vm-run1\"; } }");
        ClientRun denied = client.run("-o", "off", "-n", "vm-run2");
        assertExit(3, denied);
        assertTrue(output(denied).contains("Permission denied"), denied.toString());
        assertEquals(0, destroyed("vm-run2"));
        assertExit(0, client.run("-o", "off", "-n", "vm-run1"));
        assertEquals(List.of("vm-run1"), client.run("-o", "list").stdout().lines()
                .map(l -> l.trim().split("\\s+")[0]).toList());
    }

    @Test
    void pacemakerStyleKeyValueLinesOnStdinWork() {
        FenceXvm client = start();
        assertExit(0, client.runStdin("action=status", "plug=vm-run1"));
        assertExit(0, client.runStdin("action=off", "port=vm-run2"));
        assertExit(2, client.runStdin("action=status", "plug=vm-run2"));
        ClientRun list = client.runStdin("action=list");
        assertExit(0, list);
        assertEquals(5, list.stdout().lines().count(), list.toString());
        assertExit(0, client.runStdin("action=monitor"));
    }

    @Test
    void oneOffFromAGuestWithSeveralAddressesDestroysTheVmExactlyOnce() {
        FenceXvm client = start();
        assertExit(0, client.run("-o", "off", "-n", "vm-run1"));
        daemon.awaitLog("OFF \"vm-run1\" from", Duration.ofSeconds(5));
        Set<String> copiesSeen = copiesOf("OFF \"vm-run1\"");
        assertTrue(copiesSeen.size() >= 2, "copies from several addresses arrived: " + copiesSeen + "\n" + daemon.log());
        assertEquals(1, destroyed("vm-run1"), daemon.log());
        assertEquals(1, daemon.log().lines()
                .filter(l -> l.contains("OFF \"vm-run1\" from") && l.contains(": SUCCESS in")).count(),
                "one request was carried out and answered\n" + daemon.log());
    }

    /** The callback addresses the daemon's log names for copies of one request. */
    private Set<String> copiesOf(String request) {
        Pattern from = Pattern.compile(Pattern.quote(request) + " from (\\S+)");
        return daemon.log().lines().map(from::matcher).filter(Matcher::find).map(m -> m.group(1))
                .collect(Collectors.toSet());
    }

    /**
     * Gives the host two more interfaces, a veth pair of its own: {@code hv1} with an IPv4 address and
     * {@code hv2} without one.
     */
    private static void withSecondLink(Runnable test) {
        net.host.ip("link", "add", "hv1", "type", "veth", "peer", "name", "hv2");
        try {
            net.host.ip("addr", "add", "10.232.0.1/24", "dev", "hv1");
            net.host.ip("link", "set", "hv1", "up");
            net.host.ip("link", "set", "hv2", "up");
            test.run();
        } finally {
            net.host.ip("link", "del", "hv1");
        }
    }

    @Test
    void withoutAnInterfaceTheGroupIsJoinedOnEveryInterfaceWithAnAddressOfTheFamily() {
        withSecondLink(() -> {
            FenceXvm client = start();
            assertTrue(daemon.log().contains("on multicast 225.0.0.12:1229 on " + GuestNetwork.HOST_IF + ", hv1 ("),
                    daemon.log());
            assertExit(0, client.run("-o", "status", "-n", "vm-run1"));
        });
    }

    @Test
    void aNamedInterfaceIsTheOnlyOneJoined() {
        withSecondLink(() -> {
            FenceXvm client = start("interface = \"" + GuestNetwork.HOST_IF + "\";", "");
            assertTrue(daemon.log().contains("on multicast 225.0.0.12:1229 on " + GuestNetwork.HOST_IF + " ("),
                    daemon.log());
            assertExit(0, client.run("-o", "status", "-n", "vm-run1"));
        });
    }

    @Test
    void anInterfaceThatDoesNotExistStopsTheStartWithTheKeyNamed() {
        TestHost host = new TestHost(dir);
        JfencedProcess failed = JfencedProcess.launchIn(net.host, dir,
                host.multicastConfig("interface = \"virbr0\";", ""));
        assertEquals(1, failed.awaitExit(Duration.ofSeconds(30)));
        assertTrue(failed.log().contains("listeners/multicast/@interface")
                && failed.log().contains("no network interface is called \"virbr0\""), failed.log());
    }
}
