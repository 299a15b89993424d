package org.jfenced.backend.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ServiceLoader;
import org.jfenced.libvirt.LibvirtUris;
import org.jfenced.libvirt.TestHosts;
import org.jfenced.spi.BackendFactory;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.DeclaredKeys;
import org.jfenced.spi.FakeConfigSection;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.FencePlugin;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.PluginContext;
import org.jfenced.spi.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibvirtBackendFactoryTest {

    @TempDir
    Path dir;

    @Test
    void readsExactlyTheKeysItDeclares() throws ConfigException {
        FakeConfigSection config = new FakeConfigSection("backends/libvirt", "uri", "qemu:///system");
        LibvirtUris.read(config);
        DeclaredKeys.assertReadAsDeclared(new LibvirtBackendFactory(), config);
    }

    @Test
    void isFoundByServiceLoaderAndCreatesAWorkingBackend() throws Exception {
        BackendFactory factory = ServiceLoader.load(FencePlugin.class).stream()
                .flatMap(p -> p.get().backends().stream())
                .filter(f -> f.name().equals("libvirt"))
                .findFirst().orElseThrow(() -> new AssertionError("no backend \"libvirt\" registered"));
        FakeConfigSection config = new FakeConfigSection("backends/libvirt", "uri", TestHosts.testUri(dir, "node-a.xml"));
        try (FenceBackend backend = factory.create(config, new NoContext())) {
            assertTrue(backend.health().ok(), "create() returns once the first open has finished");
            FenceRequest status = new FenceRequest(FenceAction.STATUS, "vm-run1", "127.0.0.1", 1, "test");
            assertEquals(FenceResult.SUCCESS, backend.fence(status).thenApply(FenceOutcome::result)
                    .toCompletableFuture().get());
        }
    }

    /** The libvirt backend uses nothing of its context. */
    private static final class NoContext implements PluginContext {
        @Override
        public RequestDispatcher dispatcher() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Path configFile() {
            return Path.of("/etc/fence_virt.conf");
        }
    }
}
