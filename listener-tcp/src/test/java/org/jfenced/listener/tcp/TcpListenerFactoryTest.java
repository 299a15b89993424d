package org.jfenced.listener.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jfenced.spi.DeclaredKeys;
import org.jfenced.spi.FakeConfigSection;
import org.jfenced.spi.PluginContext;
import org.jfenced.spi.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys of {@code listeners { tcp { … } }}. */
class TcpListenerFactoryTest {

    @TempDir
    Path dir;

    @Test
    void readsExactlyTheKeysItDeclaresAndOpensNoSocketBeforeStart() throws Exception {
        Path key = dir.resolve("fence_xvm.key");
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(key, new byte[] {1, 2, 3, 4});
        FakeConfigSection config = new FakeConfigSection("listeners/tcp", "key_file", key.toString(), "port", "1230");
        TcpListenerFactory factory = new TcpListenerFactory();
        try (var listener = factory.create(config, new UnstartedContext())) {
            assertEquals("tcp 127.0.0.1:1230", listener.endpoint());
        }
        DeclaredKeys.assertReadAsDeclared(factory, config);
    }

    /** A listener that is never started never dispatches. */
    private static final class UnstartedContext implements PluginContext {
        @Override
        public RequestDispatcher dispatcher() {
            return null;
        }

        @Override
        public Path configFile() {
            return Path.of("test.conf");
        }
    }
}
