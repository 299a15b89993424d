package org.jfenced.backend.cpg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfenced.backend.cpg.state.NameMode;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigSection;
import org.jfenced.spi.PluginContext;
import org.jfenced.spi.RequestDispatcher;
import org.junit.jupiter.api.Test;

/** How {@code backends/cpg} is read. */
class CpgSettingsTest {

    /** A block of fence_virt.conf with the keys given, last one winning. */
    private record Block(Map<String, String> keys) implements ConfigSection {
        static Block of(String... pairs) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < pairs.length; i += 2) {
                m.put(pairs[i], pairs[i + 1]);
            }
            return new Block(m);
        }

        @Override
        public String path() {
            return "backends/cpg";
        }

        @Override
        public String source() {
            return "test.conf";
        }

        @Override
        public Optional<String> get(String key) {
            return Optional.ofNullable(keys.get(key));
        }

        @Override
        public List<String> getAll(String key) {
            return get(key).map(List::of).orElse(List.of());
        }

        @Override
        public ConfigSection section(String name) {
            return new Block(Map.of());
        }

        @Override
        public List<ConfigSection> sections(String name) {
            return new ArrayList<>();
        }

        @Override
        public boolean exists() {
            return true;
        }

        @Override
        public ConfigException invalid(String key, String problem) {
            return new ConfigException("test.conf: backends/cpg/@" + key + ": " + problem);
        }
    }

    private static PluginContext daemonBlock(String... pairs) {
        Block daemon = Block.of(pairs);
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
        CpgSettings s = CpgBackendFactory.settings(Block.of("uri", "qemu:///system"), daemonBlock());
        assertEquals(List.of("qemu:///system"), s.uris());
        assertEquals(NameMode.NAME, s.nameMode());
        assertEquals("jfenced", s.group());
        assertEquals(Duration.ofSeconds(22), s.requestTimeout());
        assertTrue(s.unknownRequiresQuorum());
        assertEquals(Duration.ofSeconds(60), s.resyncInterval());
    }

    @Test
    void everyKeyIsRead() throws ConfigException {
        CpgSettings s = CpgBackendFactory.settings(Block.of("uri", "test:///a", "uri1", "test:///b", "name_mode", "UUID",
                "group", "fence-cluster-7", "request_timeout", "2.5", "unknown_requires_quorum", "no",
                "resync_interval", "5"), daemonBlock());
        assertEquals(List.of("test:///a", "test:///b"), s.uris());
        assertEquals(NameMode.UUID, s.nameMode());
        assertEquals("fence-cluster-7", s.group());
        assertEquals(Duration.ofMillis(2500), s.requestTimeout());
        assertFalse(s.unknownRequiresQuorum());
        assertEquals(Duration.ofSeconds(5), s.resyncInterval());
    }

    @Test
    void nameModeIsAlsoReadWhereFenceVirtdKeptIt() throws ConfigException {
        assertEquals(NameMode.UUID, CpgBackendFactory.settings(Block.of("uri", "test:///a"),
                daemonBlock("name_mode", "uuid")).nameMode());
        assertEquals(NameMode.NAME, CpgBackendFactory.settings(Block.of("uri", "test:///a", "name_mode", "name"),
                daemonBlock("name_mode", "uuid")).nameMode(), "the backend's own block wins");
    }

    @Test
    void badValuesNameTheKey() {
        assertTrue(assertThrows(ConfigException.class, () -> CpgBackendFactory.settings(Block.of("uri", "test:///a",
                "request_timeout", "soon"), daemonBlock())).getMessage().contains("@request_timeout"));
        assertTrue(assertThrows(ConfigException.class, () -> CpgBackendFactory.settings(Block.of("uri", "test:///a",
                "request_timeout", "300"), daemonBlock())).getMessage().contains("1 to 120 seconds"));
        assertTrue(assertThrows(ConfigException.class, () -> CpgBackendFactory.settings(Block.of("uri", "test:///a",
                "unknown_requires_quorum", "maybe"), daemonBlock())).getMessage().contains("yes or no"));
        assertTrue(assertThrows(ConfigException.class, () -> CpgBackendFactory.settings(Block.of("uri", "test:///a",
                "group", "x".repeat(129)), daemonBlock())).getMessage().contains("128 bytes"));
        assertTrue(assertThrows(ConfigException.class, () -> CpgBackendFactory.settings(Block.of("uri", "test:///a"),
                daemonBlock("name_mode", "label"))).getMessage().contains("fence_virtd/@name_mode"));
        assertTrue(assertThrows(ConfigException.class, () -> CpgBackendFactory.settings(Block.of(), daemonBlock()))
                .getMessage().contains("@uri"));
    }
}
