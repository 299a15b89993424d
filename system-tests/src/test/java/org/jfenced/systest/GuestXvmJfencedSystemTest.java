package org.jfenced.systest;

/** Real guests fenced by {@code bin/jfenced}: the real fence_xvm, multicast on the guests' bridge. */
class GuestXvmJfencedSystemTest extends RealGuestFencing {

    @Override
    GuestDaemon.Kind kind() {
        return GuestDaemon.Kind.JFENCED;
    }

    @Override
    GuestDaemon.Transport transport() {
        return GuestDaemon.Transport.MULTICAST;
    }
}
