package org.jfenced.systest;

/**
 * Real guests fenced by the C fence_virtd, the reference the same scenarios must match: the real
 * fence_virt -T over TCP to the host's bridge address.
 */
class GuestTcpCDaemonSystemTest extends RealGuestFencing {

    GuestTcpCDaemonSystemTest() {
        super(GuestDaemon.Kind.C, GuestDaemon.Transport.TCP);
    }
}
