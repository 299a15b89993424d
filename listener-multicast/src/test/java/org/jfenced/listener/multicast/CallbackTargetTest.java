package org.jfenced.listener.multicast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import org.jfenced.xvm.wire.FenceWireRequest;
import org.junit.jupiter.api.Test;

/** Where the daemon connects back to, and the link it picks for link-local guests. */
class CallbackTargetTest {

    private static final OptionalInt NO_SOLE_INTERFACE = OptionalInt.empty();

    private static FenceWireRequest request(int family, byte[] address, int port) {
        return new FenceWireRequest(1, 2, 0, "vm", Arrays.copyOf(address, 28), port, 1, family);
    }

    private static FenceWireRequest request(String address, int port) {
        byte[] raw = Packets.ip(address).getAddress();
        return request(raw.length == 4 ? FenceWireRequest.FAMILY_INET : FenceWireRequest.FAMILY_INET6, raw, port);
    }

    private static InetSocketAddress from(String address) {
        return new InetSocketAddress(Packets.ip(address), 50000);
    }

    private static InetSocketAddress fromLink(String linkLocal, int scope) throws Exception {
        return new InetSocketAddress(Inet6Address.getByAddress(null, Packets.ip(linkLocal).getAddress(), scope), 50000);
    }

    @Test
    void theAddressAndPortInsideThePacketAreUsedNotTheSender() {
        assertEquals(Optional.of(new InetSocketAddress(Packets.ip("10.231.1.2"), 1229)),
                CallbackTarget.of(request("10.231.1.2", 1229), from("10.231.1.12"), NO_SOLE_INTERFACE));
        assertEquals(Optional.of(new InetSocketAddress(Packets.ip("fd00:231:1::2"), 12293)),
                CallbackTarget.of(request("fd00:231:1::2", 12293), from("fd00:231:1::9"), NO_SOLE_INTERFACE));
    }

    @Test
    void packetsThatNameNoReachableAddressHaveNoTarget() {
        assertTrue(CallbackTarget.of(request(0, new byte[] {10, 0, 0, 1}, 1229), from("10.0.0.1"), NO_SOLE_INTERFACE)
                .isEmpty(), "family 0 (what TCP-mode clients send)");
        assertTrue(CallbackTarget.of(request(7, new byte[] {10, 0, 0, 1}, 1229), from("10.0.0.1"), NO_SOLE_INTERFACE)
                .isEmpty(), "unknown family");
        assertTrue(CallbackTarget.of(request("10.0.0.1", 0), from("10.0.0.1"), NO_SOLE_INTERFACE).isEmpty(), "port 0");
        assertTrue(CallbackTarget.of(request("0.0.0.0", 1229), from("10.0.0.1"), NO_SOLE_INTERFACE).isEmpty(),
                "the unspecified address would reach this host itself");
        assertTrue(CallbackTarget.of(request("::", 1229), from("fd00::1"), NO_SOLE_INTERFACE).isEmpty());
        assertTrue(CallbackTarget.of(request("225.0.0.12", 1229), from("10.0.0.1"), NO_SOLE_INTERFACE).isEmpty(),
                "a group cannot accept a TCP connection");
    }

    @Test
    void aLinkLocalCallbackUsesTheLinkTheDatagramCameOver() throws Exception {
        InetSocketAddress target = CallbackTarget.of(request("fe80::a:2", 1229), fromLink("fe80::a:2", 7),
                OptionalInt.of(3)).orElseThrow();
        assertEquals(7, ((Inet6Address) target.getAddress()).getScopeId());
        assertEquals(1229, target.getPort());
    }

    @Test
    void aLinkLocalCallbackFromAGlobalSenderUsesTheOnlyJoinedInterface() {
        InetSocketAddress target = CallbackTarget.of(request("fe80::a:2", 1229), from("fd00:231:1::2"),
                OptionalInt.of(3)).orElseThrow();
        assertEquals(3, ((Inet6Address) target.getAddress()).getScopeId());
    }

    @Test
    void aLinkLocalCallbackWhoseLinkIsUnknownHasNoTarget() {
        assertTrue(CallbackTarget.of(request("fe80::a:2", 1229), from("fd00:231:1::2"), NO_SOLE_INTERFACE).isEmpty());
    }

    @Test
    void globalIpv6AddressesGetNoScope() throws Exception {
        InetSocketAddress target = CallbackTarget.of(request("fd00:231:1::2", 1229), fromLink("fe80::a:2", 7),
                OptionalInt.of(3)).orElseThrow();
        assertEquals(0, ((Inet6Address) target.getAddress()).getScopeId());
    }
}
