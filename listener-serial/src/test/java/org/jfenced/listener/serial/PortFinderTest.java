package org.jfenced.listener.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PortFinderTest {

    private static final String DOMAIN = """
            <domain type='qemu'>
              <name>g1</name>
              <devices>
                <serial type='file'><source path='/var/log/g1-console.log'/><target port='0'/></serial>
                <serial type='unix'><source mode='bind' path='/run/fence/g1-serial.sock'/><target port='1'/></serial>
                <serial type='unix'><source mode='connect' path='/run/fence/g1-client.sock'/><target port='2'/></serial>
                <channel type='unix'><source mode='bind' path='/run/fence/g1-channel.sock'/><target type='virtio' name='org.jfenced.fence'/></channel>
                <channel type='unix'><source mode='bind' path='/var/lib/libvirt/qemu/channel/target/domain-1-g1/org.qemu.guest_agent.0'/><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
                <console type='unix'><source mode='bind' path='/run/fence/g1-console.sock'/></console>
              </devices>
            </domain>
            """;

    @Test
    void serialModeTakesTheUnixSerialPortsQemuBinds() {
        assertEquals(List.of(Path.of("/run/fence/g1-serial.sock")),
                new PortFinder(PortMode.SERIAL, Optional.empty()).find(DOMAIN));
    }

    @Test
    void vmchannelModeTakesTheBoundChannelsInsideTheConfiguredDirectoryOnly() {
        assertEquals(List.of(Path.of("/run/fence/g1-channel.sock")),
                new PortFinder(PortMode.VMCHANNEL, Optional.of(Path.of("/run/fence"))).find(DOMAIN));
    }

    @Test
    void withoutADirectoryEveryBoundChannelIsAPort() {
        assertEquals(2, new PortFinder(PortMode.VMCHANNEL, Optional.empty()).find(DOMAIN).size());
    }

    @Test
    void aDirectoryMatchesWholeNamesNotPrefixes() {
        assertEquals(List.of(), new PortFinder(PortMode.SERIAL, Optional.of(Path.of("/run/fen"))).find(DOMAIN));
    }

    @Test
    void xmlThatIsNotADomainIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> new PortFinder(PortMode.SERIAL, Optional.empty()).find("<domain"));
    }
}
