package org.jfenced.service.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.DeclaredKeys;
import org.jfenced.spi.FakeConfigSection;
import org.jfenced.spi.ServiceFactory;
import org.junit.jupiter.api.Test;

/** {@code services { cluster { … } }}. */
class ClusterSettingsTest {

    @Test
    void readsExactlyTheKeysItDeclares() throws ConfigException {
        FakeConfigSection config = new FakeConfigSection("services/cluster");
        ClusterSettings.from(config, Path.of("/etc/fence_virt.conf"));
        ServiceFactory factory = new ClusterPlugin().services().get(0);
        DeclaredKeys.assertReadAsDeclared(factory, config);
    }

    @Test
    void relativePathsAreTakenFromTheConfigFilesDirectory() throws ConfigException {
        ClusterSettings s = ClusterSettings.from(new FakeConfigSection("services/cluster", "corosync_conf", "c.conf"),
                Path.of("/etc/jfenced/fence_virt.conf"));
        assertEquals(Path.of("/etc/jfenced/c.conf"), s.corosyncConf());
    }
}
