package org.jfenced.backend.cpg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jfenced.backend.cpg.state.NameMode;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigSection;
import org.jfenced.spi.DeclaredKeys;
import org.jfenced.spi.FakeConfigSection;
import org.jfenced.spi.PluginContext;
import org.jfenced.spi.RequestDispatcher;
import org.junit.jupiter.api.Test;

/** How {@code backends/cpg} is read. */
class CpgSettingsTest {

    @Test
    void readsExactlyTheKeysItDeclares() throws ConfigException {
        FakeConfigSection config = new FakeConfigSection("backends/cpg", "uri", "qemu:///system");
        CpgBackendFactory.settings(config, daemonBlock());
        DeclaredKeys.assertReadAsDeclared(new CpgBackendFactory(), config);
    }

    private static ConfigSection block(String path, String... pairs) {
        return new FakeConfigSection(path, pairs);
    }

    private static PluginContext daemonBlock(String... pairs) {
        ConfigSection daemon = block("fence_virtd", pairs);
        return new PluginContext() {
            @Override
            public RequestDispatcher dispatcher() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Path configFile() {
                return Path.of("test.conf");
            }

            @Override
            public Optional<String> daemonSetting(String key) {
                return daemon.get(key);
            }
        };
    }

    @Test
    void defaultsNeedOnlyAUri() throws ConfigException {
        CpgSettings s = CpgBackendFactory.settings(block("backends/cpg", "uri", "qemu:///system"), daemonBlock());
        assertEquals(List.of("qemu:///system"), s.uris());
        assertEquals(NameMode.NAME, s.nameMode());
        assertEquals("jfenced", s.group());
        assertEquals(Duration.ofSeconds(22), s.requestTimeout());
        assertTrue(s.unknownRequiresQuorum());
        assertEquals(Duration.ofSeconds(60), s.resyncInterval());
        assertEquals(new SelfFenceSettings(true, "", Duration.ofSeconds(10)), s.selfFence());
    }

    @Test
    void everyKeyIsRead() throws ConfigException {
        CpgSettings s = CpgBackendFactory.settings(block("backends/cpg", "uri", "test:///a", "uri1", "test:///b", "name_mode", "UUID",
                "group", "fence-cluster-7", "request_timeout", "2.5", "unknown_requires_quorum", "no",
                "resync_interval", "5", "self_fence", "no", "self_fence_vms", "prod-.*", "self_fence_timeout", "2.5"),
                daemonBlock());
        assertEquals(List.of("test:///a", "test:///b"), s.uris());
        assertEquals(NameMode.UUID, s.nameMode());
        assertEquals("fence-cluster-7", s.group());
        assertEquals(Duration.ofMillis(2500), s.requestTimeout());
        assertFalse(s.unknownRequiresQuorum());
        assertEquals(Duration.ofSeconds(5), s.resyncInterval());
        assertEquals(new SelfFenceSettings(false, "prod-.*", Duration.ofMillis(2500)), s.selfFence());
    }

    @Test
    void nameModeIsAlsoReadWhereFenceVirtdKeptIt() throws ConfigException {
        assertEquals(NameMode.UUID, CpgBackendFactory.settings(block("backends/cpg", "uri", "test:///a"),
                daemonBlock("name_mode", "uuid")).nameMode());
        assertEquals(NameMode.NAME, CpgBackendFactory.settings(block("backends/cpg", "uri", "test:///a", "name_mode", "name"),
                daemonBlock("name_mode", "uuid")).nameMode(), "the backend's own block wins");
    }

    @Test
    void badValuesNameTheKey() {
        assertTrue(assertThrows(ConfigException.class, () -> CpgBackendFactory.settings(block("backends/cpg", "uri", "test:///a",
                "request_timeout", "soon"), daemonBlock())).getMessage().contains("@request_timeout"));
        assertTrue(assertThrows(ConfigException.class, () -> CpgBackendFactory.settings(block("backends/cpg", "uri", "test:///a",
                "request_timeout", "300"), daemonBlock())).getMessage().contains("1 to 120 seconds"));
        assertTrue(assertThrows(ConfigException.class, () -> CpgBackendFactory.settings(block("backends/cpg", "uri", "test:///a",
                "unknown_requires_quorum", "maybe"), daemonBlock())).getMessage().contains("yes or no"));
        assertTrue(assertThrows(ConfigException.class, () -> CpgBackendFactory.settings(block("backends/cpg", "uri", "test:///a",
                "group", "x".repeat(129)), daemonBlock())).getMessage().contains("128 bytes"));
        assertTrue(assertThrows(ConfigException.class, () -> CpgBackendFactory.settings(block("backends/cpg", "uri", "test:///a"),
                daemonBlock("name_mode", "label"))).getMessage().contains("fence_virtd/@name_mode"));
        assertTrue(assertThrows(ConfigException.class, () -> CpgBackendFactory.settings(block("backends/cpg", "uri", "test:///a",
                "self_fence_vms", "prod-(.*"), daemonBlock())).getMessage().contains("@self_fence_vms"));
        assertTrue(assertThrows(ConfigException.class, () -> CpgBackendFactory.settings(block("backends/cpg", "uri", "test:///a",
                "self_fence_timeout", "0"), daemonBlock())).getMessage().contains("1 to 300 seconds"));
        assertTrue(assertThrows(ConfigException.class, () -> CpgBackendFactory.settings(block("backends/cpg"), daemonBlock()))
                .getMessage().contains("@uri"));
    }
}
