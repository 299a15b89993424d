package org.jfenced.service.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Optional;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigSection;
import org.jfenced.spi.DeclaredKeys;
import org.jfenced.spi.FakeConfigSection;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.PluginContext;
import org.jfenced.spi.RequestDispatcher;
import org.junit.jupiter.api.Test;

/** {@code services { backup { … } }}: defaults, units, and errors that name the key. */
class BackupConfigTest {

    @Test
    void readsExactlyTheKeysItDeclares() throws ConfigException {
        FakeConfigSection config = new FakeConfigSection("services/backup");
        BackupSettings.from(config);
        DeclaredKeys.assertReadAsDeclared(new BackupServiceFactory(), config);
    }

    @Test
    void defaultsAreVzdumpLike() throws Exception {
        BackupSettings s = BackupSettings.from(block());
        assertEquals(new BackupSettings(Path.of("/var/lib/jfenced/backup"), Compression.ZSTD, RetentionPolicy.KEEP_ALL,
                0), s);
    }

    @Test
    void everyKeyIsRead() throws Exception {
        BackupSettings s = BackupSettings.from(block("storage", "/srv/backup", "compress", "GZIP", "keep_last", "3",
                "keep_daily", "7", "keep_weekly", "4", "bwlimit", "100M"));
        assertEquals(new BackupSettings(Path.of("/srv/backup"), Compression.GZIP, new RetentionPolicy(3, 0, 7, 4, 0, 0),
                100L << 20), s);
        assertEquals(512L << 10, BackupSettings.from(block("bwlimit", "512KiB")).bwlimit());
    }

    @Test
    void badValuesNameTheKey() {
        assertEquals("services/backup/@compress: expected one of zstd, gzip, none, got \"lzo\"",
                assertThrows(ConfigException.class, () -> BackupSettings.from(block("compress", "lzo"))).getMessage());
        assertEquals("services/backup/@storage: expected an absolute directory, got \"backup\"",
                assertThrows(ConfigException.class, () -> BackupSettings.from(block("storage", "backup"))).getMessage());
        assertEquals("services/backup/@keep_last: expected a whole number, got \"many\"",
                assertThrows(ConfigException.class, () -> BackupSettings.from(block("keep_last", "many"))).getMessage());
        assertThrows(ConfigException.class, () -> BackupSettings.from(block("bwlimit", "fast")));
    }

    @Test
    void theServiceNeedsABackendOnThisHostsLibvirt() {
        PluginContext withoutLibvirt = new PluginContext() {
            @Override
            public RequestDispatcher dispatcher() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Path configFile() {
                return Path.of("/etc/fence_virt.conf");
            }

            @Override
            public Optional<FenceBackend> backend() {
                return Optional.empty();
            }
        };
        ConfigException e = assertThrows(ConfigException.class,
                () -> new BackupServiceFactory().create(block(), withoutLibvirt));
        assertEquals("services/backup/@storage: service backup needs backend libvirt or cpg (fence_virtd/@backend):"
                + " it backs up the VMs of this host's libvirt through that backend's connections", e.getMessage());
    }

    private static ConfigSection block(String... keysAndValues) {
        return new FakeConfigSection("services/backup", keysAndValues);
    }
}
