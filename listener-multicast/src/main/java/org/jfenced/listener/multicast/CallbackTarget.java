package org.jfenced.listener.multicast;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.OptionalInt;
import org.jfenced.xvm.wire.FenceWireRequest;

/**
 * Where to connect back to: the address and port inside the signed packet, as fence_virtd does. The
 * datagram's source address is not the callback address (fence_xvm binds its listener to every
 * address and names one per copy), but for a link-local callback address it tells which link the
 * guest is on: fence_virtd leaves the scope unset and so cannot reach link-local guests at all.
 */
final class CallbackTarget {

    private CallbackTarget() {
    }

    /**
     * The socket address to call back, or empty when the packet names none that can be reached: an
     * unknown family, port 0, the unspecified address (which would reach this host itself), a multicast
     * address, or a link-local address whose link is unknown.
     *
     * @param sender the datagram's source; its scope id is the link the datagram came over
     * @param soleInterface the index of the one interface the listener joined on, if it joined on one
     */
    static Optional<InetSocketAddress> of(FenceWireRequest wire, InetSocketAddress sender, OptionalInt soleInterface) {
        Optional<InetAddress> address = wire.callbackAddress();
        if (address.isEmpty() || wire.port() == 0) {
            return Optional.empty();
        }
        InetAddress a = address.get();
        if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return Optional.empty();
        }
        if (a instanceof Inet6Address && a.isLinkLocalAddress()) {
            OptionalInt scope = linkOf(sender);
            if (scope.isEmpty()) {
                scope = soleInterface;
            }
            if (scope.isEmpty()) {
                return Optional.empty();
            }
            a = withScope(a, scope.getAsInt());
        }
        return Optional.of(new InetSocketAddress(a, wire.port()));
    }

    /** The kernel sets a scope id on a source address only when it is link-local, naming the arrival link. */
    private static OptionalInt linkOf(InetSocketAddress sender) {
        if (sender != null && sender.getAddress() instanceof Inet6Address s && s.getScopeId() != 0) {
            return OptionalInt.of(s.getScopeId());
        }
        return OptionalInt.empty();
    }

    private static InetAddress withScope(InetAddress a, int scopeId) {
        try {
            return Inet6Address.getByAddress(null, a.getAddress(), scopeId);
        } catch (UnknownHostException e) {
            throw new AssertionError("a 16-byte address is always valid", e);
        }
    }
}
