package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real fence_xvm in a guest namespace against {@code bin/jfenced} with the multicast listener in
 * the host namespace, IPv4: the client suite, and what only multicast has — copies of a request, the
 * UUID flag, the interfaces joined. The guest has three addresses, so every request arrives as three
 * copies per attempt, as it does from a VM with several addresses.
 */
class FenceXvmSystemTest extends FenceClientSuite {

    private static final String GROUP = "225.0.0.12";
    private static final List<String> GUEST_ADDRESSES = List.of(GuestNetwork.GUEST_V4, "10.231.0.12", "10.231.0.13");

    @AutoClose
    private static GuestNetwork net;

    @BeforeAll
    static void network() {
        net = GuestNetwork.create("10.231.0.12/24", "10.231.0.13/24");
    }

    @Override
    FenceXvm start(String listenerExtra, String extraBlocks) {
        TestHost host = new TestHost(dir);
        daemon = JfencedProcess.startIn(net.host, dir, host.multicastConfig(listenerExtra, extraBlocks), "-d", "1");
        return new FenceXvm(net.guest, GROUP, host.key);
    }

    @Override
    List<String> clientAddresses() {
        return GUEST_ADDRESSES;
    }

    /** fence_xvm waits out its timeout for an answer that will not come: 2 s is one resend. */
    @Override
    FenceClient unanswered(FenceClient client) {
        return ((FenceXvm) client).withTimeout(2);
    }

    private long destroyed(String vm) {
        return daemon.countLog("off \"" + vm + "\": destroyed");
    }

    /**
     * With a retransmit time of 10 s and a 10 s timeout fence_xvm sends its copies once: the daemon must
     * answer the first copies, not wait for the client to send them again.
     */
    @Test
    void theFirstCopiesOfARequestAreAnsweredWithoutAResend() {
        FenceClient client = start();
        assertExit(0, client.run("-r", "100", "-o", "status", "-n", "vm-run1"));
        assertExit(0, client.run("-r", "100", "-o", "off", "-n", "vm-run1"));
        assertExit(2, client.run("-r", "100", "-o", "status", "-n", "vm-run1"));
    }

    @Test
    void theUuidFlagNamesTheVmByUuid() {
        FenceClient client = start();
        assertExit(0, client.run("-o", "off", "-u", "-n", RUN1_UUID));
        assertExit(2, client.run("-o", "status", "-n", "vm-run1"));
    }

    @Test
    void oneOffFromAGuestWithSeveralAddressesDestroysTheVmExactlyOnce() {
        FenceClient client = start();
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
            FenceClient client = start();
            assertTrue(daemon.log().contains("on multicast 225.0.0.12:1229 on " + GuestNetwork.HOST_IF + ", hv1 ("),
                    daemon.log());
            assertExit(0, client.run("-o", "status", "-n", "vm-run1"));
        });
    }

    @Test
    void aNamedInterfaceIsTheOnlyOneJoined() {
        withSecondLink(() -> {
            FenceClient client = start("interface = \"" + GuestNetwork.HOST_IF + "\";", "");
            assertTrue(daemon.log().contains("on multicast 225.0.0.12:1229 on " + GuestNetwork.HOST_IF + " ("),
                    daemon.log());
            assertExit(0, client.run("-o", "status", "-n", "vm-run1"));
        });
    }

    @Test
    void anInterfaceThatDoesNotExistStopsTheStartWithTheKeyNamed() {
        TestHost host = new TestHost(dir);
        daemon = JfencedProcess.launchIn(net.host, dir, host.multicastConfig("interface = \"virbr0\";", ""));
        assertEquals(1, daemon.awaitExit(Duration.ofSeconds(30)));
        assertTrue(daemon.log().contains("listeners/multicast/@interface")
                && daemon.log().contains("no network interface is called \"virbr0\""), daemon.log());
    }
}
