package org.jfenced.systest;

/**
 * Real guests fenced by the C fence_virtd, the reference the same scenarios must match: the real
 * fence_xvm, multicast on the guests' bridge.
 */
class GuestXvmCDaemonSystemTest extends RealGuestFencing {

    GuestXvmCDaemonSystemTest() {
        super(GuestDaemon.Kind.C, GuestDaemon.Transport.MULTICAST);
    }
}
