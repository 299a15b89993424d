package org.jfenced.systest;

/**
 * Real guests fenced by {@code bin/jfenced}'s serial listener: the real fence_virt in VMChannel mode,
 * relayed by socat to a virtio-serial port bound to a socket on the host.
 */
class GuestVmchannelJfencedSystemTest extends RealGuestFencing {

    GuestVmchannelJfencedSystemTest() {
        super(GuestDaemon.Kind.JFENCED, GuestDaemon.Transport.VMCHANNEL);
    }
}
