package org.jfenced.listener.multicast;

import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where fence_xvm requests arrive: a group, a UDP port, and the interface to join the group on, or
 * none for every interface that could carry them.
 *
 * @param family IPv4 or IPv6; the group belongs to it
 * @param group the multicast group
 * @param port the UDP port (fence_xvm's callback port is the same number, but the packet says so)
 * @param interfaceName the configured interface, or empty for all
 */
record MulticastGroup(InternetProtocolFamily family, InetAddress group, int port, Optional<String> interfaceName) {

    MulticastGroup {
        if (!group.isMulticastAddress() || (group instanceof Inet6Address) != (family == InternetProtocolFamily.IPv6)) {
            throw new IllegalArgumentException(group + " is not an " + family + " multicast group");
        }
    }

    /**
     * The interfaces to join on. Without a configured interface: every interface that is up, can
     * multicast and has an address of the family, since the connect-back needs a route to the guest
     * and an interface without such an address offers none. fence_virtd instead joins once with
     * interface index 0 and lets the kernel pick one interface by route.
     *
     * @throws SocketException when the configured interface is gone, or no interface qualifies
     */
    List<NetworkInterface> interfacesToJoin() throws SocketException {
        if (interfaceName.isPresent()) {
            NetworkInterface ni = NetworkInterface.getByName(interfaceName.get());
            if (ni == null) {
                throw new SocketException("network interface " + interfaceName.get() + " does not exist");
            }
            return List.of(ni);
        }
        List<NetworkInterface> all = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(this::canCarryRequests)
                .sorted(Comparator.comparingInt(NetworkInterface::getIndex))
                .toList();
        if (all.isEmpty()) {
            throw new SocketException("no network interface is up, multicast-capable and has an " + family
                    + " address; name one with interface = \"…\"");
        }
        return all;
    }

    private boolean canCarryRequests(NetworkInterface ni) {
        try {
            return ni.isUp() && ni.supportsMulticast() && !ni.isLoopback()
                    && ni.getInterfaceAddresses().stream().map(InterfaceAddress::getAddress).anyMatch(this::inFamily);
        } catch (SocketException e) {
            return false;
        }
    }

    private boolean inFamily(InetAddress a) {
        return family == InternetProtocolFamily.IPv6 ? a instanceof Inet6Address : a instanceof Inet4Address;
    }

    @Override
    public String toString() {
        return NetUtil.toSocketAddressString(new InetSocketAddress(group, port));
    }
}
