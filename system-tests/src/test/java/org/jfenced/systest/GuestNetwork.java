package org.jfenced.systest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hypervisor and one guest joined by a private link, each in a namespace of its own, as a VM sits
 * behind its host's bridge: the host has {@value #HOST_IF} with {@value #HOST_V4}/24 and
 * {@value #HOST_V6}/64, the guest {@value #GUEST_IF} with {@value #GUEST_V4}/24 and
 * {@value #GUEST_V6}/64 plus any extra addresses asked for, both with link-local IPv6 addresses and a
 * route for IPv4 multicast. fence_xvm in the guest sends a copy from each of its addresses; the copy
 * via 127.0.0.1 stays inside the guest, as it does in a real VM.
 */
final class GuestNetwork implements AutoCloseable {

    static final String HOST_IF = "hv0";
    static final String GUEST_IF = "eth0";
    static final String HOST_V4 = "10.231.0.1";
    static final String GUEST_V4 = "10.231.0.2";
    static final String HOST_V6 = "fd00:231::1";
    static final String GUEST_V6 = "fd00:231::2";
    /** On the guest's subnet but nobody's: a connection there hangs until address resolution gives up. */
    static final String NOBODY_V4 = "10.231.0.99";

    private static final Pattern LINK_LOCAL = Pattern.compile("inet6 (fe80::[0-9a-f:]+)/64");

    final NetNamespace host;
    final NetNamespace guest;

    private GuestNetwork(NetNamespace host, NetNamespace guest) {
        this.host = host;
        this.guest = guest;
    }

    /**
     * @param extraGuestAddresses more addresses for the guest's interface, as {@code 10.231.0.12/24} or
     *     {@code fd00:231::12/64}
     */
    static GuestNetwork create(String... extraGuestAddresses) {
        NetNamespace host = NetNamespace.create();
        NetNamespace guest;
        try {
            guest = NetNamespace.create();
        } catch (RuntimeException | Error e) {
            host.close();
            throw e;
        }
        GuestNetwork net = new GuestNetwork(host, guest);
        try {
            NetNamespace.link(host, HOST_IF, guest, GUEST_IF);
            address(host, HOST_IF, HOST_V4 + "/24", HOST_V6 + "/64");
            address(guest, GUEST_IF, GUEST_V4 + "/24", GUEST_V6 + "/64");
            address(guest, GUEST_IF, extraGuestAddresses);
            host.ip("route", "add", "224.0.0.0/4", "dev", HOST_IF);
            guest.ip("route", "add", "224.0.0.0/4", "dev", GUEST_IF);
        } catch (RuntimeException | Error e) {
            net.close();
            throw e;
        }
        return net;
    }

    private static void address(NetNamespace ns, String dev, String... cidrs) {
        for (String cidr : cidrs) {
            ns.ip("addr", "add", cidr, "dev", dev);
        }
    }

    /** The guest's link-local IPv6 address (without scope). */
    String guestLinkLocal() {
        Matcher m = LINK_LOCAL.matcher(guest.ip("-6", "addr", "show", "dev", GUEST_IF, "scope", "link"));
        if (!m.find()) {
            throw new IllegalStateException("the guest has no link-local address on " + GUEST_IF);
        }
        return m.group(1);
    }

    @Override
    public void close() {
        try {
            guest.close();
        } finally {
            host.close();
        }
    }
}
