package org.jfenced.service.cluster;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Link addresses are IP literals. Host names are refused: whether one resolves, and to which family,
 * depends on the host and the moment, and corosync resolves them again at every start.
 */
final class Addresses {

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private Addresses() {
    }

    /** The address, checked to be one other nodes can send to; the message of the exception says why not. */
    static InetAddress parse(String text) throws ClusterConfigException {
        InetAddress address = literal(text);
        if (address == null) {
            throw new ClusterConfigException("address \"" + text + "\" is not an IPv4 or IPv6 address"
                    + " (host names are not accepted: give the address)");
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress() || address.isLinkLocalAddress()
                || text.equals("255.255.255.255")) {
            throw new ClusterConfigException("address " + text + " cannot be a node's link address"
                    + " (unspecified, multicast, broadcast or link-local)");
        }
        return address;
    }

    /** The address when {@code text} is an IP literal, else null; never asks DNS. */
    static InetAddress literal(String text) {
        boolean v4 = IPV4.matcher(text).matches();
        if (!v4 && !IPV6.matcher(text).matches()) {
            return null;
        }
        try {
            // brackets make the JDK treat a malformed IPv6 literal as an error instead of a host name to resolve
            InetAddress address = InetAddress.getByName(v4 ? text : "[" + text + "]");
            return v4 == address instanceof Inet4Address ? address : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    static String family(InetAddress address) {
        return address instanceof Inet6Address ? "ipv6" : "ipv4";
    }
}
