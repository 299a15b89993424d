package org.jfenced.listener.vsock;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.DeclaredKeys;
import org.jfenced.spi.FakeConfigSection;
import org.jfenced.spi.PluginContext;
import org.jfenced.spi.RecordingDispatcher;
import org.jfenced.spi.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VsockListenerFactoryTest {

    private static final PluginContext CONTEXT = new PluginContext() {
        @Override
        public RequestDispatcher dispatcher() {
            return new RecordingDispatcher();
        }

        @Override
        public Path configFile() {
            return Path.of("/etc/fence_virt.conf");
        }
    };

    @TempDir
    Path dir;

    private Path key() throws Exception {
        Path key = dir.resolve("fence_xvm.key");
        Files.write(key, new byte[] {1, 2, 3, 4});
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return key;
    }

    @Test
    void readsExactlyTheKeysItDeclares() throws Exception {
        VsockListenerFactory factory = new VsockListenerFactory();
        FakeConfigSection section = new FakeConfigSection("listeners/vsock", "port", "1230", "max_connections", "8",
                "key_file", key().toString(), "hash", "sha512", "auth", "sha1");

        factory.create(section, CONTEXT);

        DeclaredKeys.assertReadAsDeclared(factory, section);
    }

    @Test
    void portZeroIsAnErrorNamingTheKey() throws Exception {
        FakeConfigSection section = new FakeConfigSection("listeners/vsock", "port", "0", "key_file", key().toString());

        ConfigException e = assertThrows(ConfigException.class, () -> new VsockListenerFactory().create(section, CONTEXT));

        assertTrue(e.getMessage().contains("port"), e.getMessage());
    }
}
