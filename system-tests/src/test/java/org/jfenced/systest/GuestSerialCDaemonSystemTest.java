package org.jfenced.systest;

/**
 * Real guests fenced by the C fence_virtd, the reference the same scenarios must match: the real
 * fence_virt -D /dev/ttyS1, the guest's emulated serial port bound to a socket on the host.
 */
class GuestSerialCDaemonSystemTest extends RealGuestFencing {

    GuestSerialCDaemonSystemTest() {
        super(GuestDaemon.Kind.C, GuestDaemon.Transport.SERIAL);
    }
}
