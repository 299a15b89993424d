package org.jfenced.listener.serial;

/**
 * Which of a domain's devices are fence ports: {@code serial} — {@code <serial type='unix'>}, a guest's
 * {@code /dev/ttyS*}, the one {@code fence_virt -D} drives; {@code vmchannel} — {@code <channel
 * type='unix'>}, a virtio-serial port (or guestfwd) the guest reaches as {@code fence_virt}'s
 * VMChannel. Only sockets qemu binds ({@code <source mode='bind'>}) are ports: this side connects.
 */
enum PortMode {
    SERIAL("serial"),
    VMCHANNEL("channel");

    final String element;

    PortMode(String element) {
        this.element = element;
    }
}
