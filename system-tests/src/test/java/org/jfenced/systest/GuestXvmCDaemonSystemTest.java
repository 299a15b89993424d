package org.jfenced.systest;

/** Real guests fenced by the C fence_virtd, the reference the same scenarios must match: the real fence_xvm, multicast on the guests' bridge. */
class GuestXvmCDaemonSystemTest extends RealGuestFencing {

    @Override
    GuestDaemon.Kind kind() {
        return GuestDaemon.Kind.C;
    }

    @Override
    GuestDaemon.Transport transport() {
        return GuestDaemon.Transport.MULTICAST;
    }
}
