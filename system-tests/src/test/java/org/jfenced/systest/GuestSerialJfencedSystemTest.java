package org.jfenced.systest;

/**
 * Real guests fenced by {@code bin/jfenced}'s serial listener: the real fence_virt -D /dev/ttyS1, the
 * guest's emulated serial port bound to a socket on the host.
 */
class GuestSerialJfencedSystemTest extends RealGuestFencing {

    GuestSerialJfencedSystemTest() {
        super(GuestDaemon.Kind.JFENCED, GuestDaemon.Transport.SERIAL);
    }
}
