package org.jfenced.systest;

/** Real guests fenced by the C fence_virtd, the reference the same scenarios must match: the real fence_virt -T over TCP to the host's bridge address. */
class GuestTcpCDaemonSystemTest extends RealGuestFencing {

    @Override
    GuestDaemon.Kind kind() {
        return GuestDaemon.Kind.C;
    }

    @Override
    GuestDaemon.Transport transport() {
        return GuestDaemon.Transport.TCP;
    }
}
