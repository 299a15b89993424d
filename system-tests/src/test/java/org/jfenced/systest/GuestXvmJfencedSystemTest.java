package org.jfenced.systest;

/**
 * Real guests fenced by {@code bin/jfenced}: the real fence_xvm, multicast on the guests' bridge.
 */
class GuestXvmJfencedSystemTest extends RealGuestFencing {

    GuestXvmJfencedSystemTest() {
        super(GuestDaemon.Kind.JFENCED, GuestDaemon.Transport.MULTICAST);
    }
}
