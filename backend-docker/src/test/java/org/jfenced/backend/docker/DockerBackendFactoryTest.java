package org.jfenced.backend.docker;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jfenced.spi.ConfigException;
import org.jfenced.spi.DeclaredKeys;
import org.jfenced.spi.FakeConfigSection;
import org.jfenced.spi.PluginContext;
import org.junit.jupiter.api.Test;

class DockerBackendFactoryTest {

    private static final PluginContext NO_CONTEXT = null;

    @Test
    void readsExactlyTheKeysItDeclares() throws ConfigException {
        FakeConfigSection config = new FakeConfigSection("backends/docker", "host", "unix:///run/x.sock", "label", "guest");
        DockerBackendFactory factory = new DockerBackendFactory();
        factory.create(config, NO_CONTEXT).close();
        DeclaredKeys.assertReadAsDeclared(factory, config);
    }

    @Test
    void aHostThatIsNoDockerAddressIsRefusedByKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> new DockerBackendFactory()
                .create(new FakeConfigSection("backends/docker", "host", "/run/docker.sock"), NO_CONTEXT));
        assertTrue(e.getMessage().contains("host") && e.getMessage().contains("unix:///PATH"), e.getMessage());
    }

    @Test
    void anEmptyLabelIsRefusedRatherThanFencingEveryContainer() {
        ConfigException e = assertThrows(ConfigException.class, () -> new DockerBackendFactory()
                .create(new FakeConfigSection("backends/docker", "label", " "), NO_CONTEXT));
        assertTrue(e.getMessage().contains("label"), e.getMessage());
    }
}
