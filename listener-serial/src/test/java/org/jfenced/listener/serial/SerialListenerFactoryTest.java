package org.jfenced.listener.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jfenced.spi.ConfigException;
import org.jfenced.spi.DeclaredKeys;
import org.jfenced.spi.FakeConfigSection;
import org.jfenced.spi.PluginContext;
import org.jfenced.spi.RecordingDispatcher;
import org.junit.jupiter.api.Test;

class SerialListenerFactoryTest {

    private static final PluginContext CONTEXT = new PluginContext() {
        @Override
        public org.jfenced.spi.RequestDispatcher dispatcher() {
            return new RecordingDispatcher();
        }

        @Override
        public java.nio.file.Path configFile() {
            return java.nio.file.Path.of("/etc/fence_virt.conf");
        }
    };

    private static String endpoint(String... keysAndValues) throws ConfigException {
        return new SerialListenerFactory().create(new FakeConfigSection("listeners/serial", keysAndValues), CONTEXT).endpoint();
    }

    @Test
    void theDefaultsAreSerialPortsOfLibvirtsDefaultUri() throws ConfigException {
        assertEquals("serial serial ports of libvirt's default URI", endpoint());
    }

    @Test
    void modeTakesTheWordsAndTheNumbersFenceVirtdTakes() throws ConfigException {
        assertTrue(endpoint("mode", "vmchannel").startsWith("serial vmchannel"));
        assertTrue(endpoint("mode", "1").startsWith("serial vmchannel"));
        assertTrue(endpoint("mode", "0").startsWith("serial serial"));
        assertTrue(endpoint("mode", "Serial", "uri", "qemu:///system").endsWith("of qemu:///system"));
    }

    @Test
    void readsExactlyTheKeysItDeclares() throws ConfigException {
        SerialListenerFactory factory = new SerialListenerFactory();
        FakeConfigSection section = new FakeConfigSection("listeners/serial", "uri", "qemu:///system", "path", "/run/fence",
                "mode", "vmchannel", "key_file", "/etc/cluster/fence_xvm.key");

        factory.create(section, CONTEXT);

        DeclaredKeys.assertReadAsDeclared(factory, section);
    }

    @Test
    void anUnknownModeIsAnErrorNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> endpoint("mode", "virtio"));
        assertTrue(e.getMessage().contains("mode"), e.getMessage());
    }

    @Test
    void aRelativePathIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> endpoint("path", "sockets"));
        assertTrue(e.getMessage().contains("path"), e.getMessage());
    }
}
