package org.jfenced.backend.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
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
    void readsUriThenUri1Uri2AndStopsAtTheFirstMissingIndex() throws ConfigException {
        assertEquals(List.of("qemu:///system"), LibvirtBackendFactory.uris(new FakeConfigSection("backends/libvirt", "uri", "qemu:///system")));
        assertEquals(List.of("u0", "u1", "u2"),
                LibvirtBackendFactory.uris(new FakeConfigSection("backends/libvirt", "uri", "u0", "uri1", "u1", "uri2", "u2")));
        assertEquals(List.of("u0", "u1"),
                LibvirtBackendFactory.uris(new FakeConfigSection("backends/libvirt", "uri", "u0", "uri1", "u1", "uri3", "u3")));
        assertEquals(List.of("u0"), LibvirtBackendFactory.uris(new FakeConfigSection("backends/libvirt", "uri", "u0", "uri2", "u2")));
    }

    @Test
    void readsExactlyTheKeysItDeclares() throws ConfigException {
        FakeConfigSection config = new FakeConfigSection("backends/libvirt", "uri", "qemu:///system");
        LibvirtBackendFactory.uris(config);
        DeclaredKeys.assertReadAsDeclared(new LibvirtBackendFactory(), config);
    }

    @Test
    void requiresAUri() {
        ConfigException none = assertThrows(ConfigException.class, () -> LibvirtBackendFactory.uris(new FakeConfigSection("backends/libvirt")));
        assertTrue(none.getMessage().contains("@uri: at least one libvirt URI is required"), none.getMessage());
        // fence_virtd reads uri1 only after uri, so uri1 alone is no URI at all
        assertThrows(ConfigException.class, () -> LibvirtBackendFactory.uris(new FakeConfigSection("backends/libvirt", "uri1", "qemu:///system")));
    }

    @Test
    void rejectsAnEmptyUri() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> LibvirtBackendFactory.uris(new FakeConfigSection("backends/libvirt", "uri", "qemu:///system", "uri1", " ")));
        assertTrue(e.getMessage().contains("@uri1"), e.getMessage());
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
