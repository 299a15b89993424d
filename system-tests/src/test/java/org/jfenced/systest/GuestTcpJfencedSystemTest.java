package org.jfenced.systest;

/**
 * Real guests fenced by {@code bin/jfenced}: the real fence_virt -T over TCP to the host's bridge
 * address.
 */
class GuestTcpJfencedSystemTest extends RealGuestFencing {

    GuestTcpJfencedSystemTest() {
        super(GuestDaemon.Kind.JFENCED, GuestDaemon.Transport.TCP);
    }
}
