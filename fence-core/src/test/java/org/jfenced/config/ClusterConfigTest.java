package org.jfenced.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigSection;
import org.junit.jupiter.api.Test;

/** A realistic hand-written file: TCP listener, cpg backend on three URIs, two ACL groups, comments. */
class ClusterConfigTest {

    private final Path file = TestConfigs.resource("cluster-fence_virt.conf");

    @Test
    void daemonAndListenerSettings() throws ConfigException {
        FenceConfig config = FenceConfig.load(file);

        ConfigSection daemon = config.root().section("fence_virtd");
        assertEquals(Optional.of("tcp"), daemon.get("listener"), "the comment after the value is not part of it");
        assertEquals(1, daemon.getLong("wait_for_init", 0, 0, 1));
        ConfigSection tcp = config.root().section("listeners").section(daemon.get("listener").orElseThrow());
        assertEquals(Optional.of("192.168.122.1"), tcp.get("address"));
        assertEquals(1229, tcp.getLong("port", 1229, 1, 65535));
        assertEquals("sha512", tcp.getChoice("hash", "sha256", "none", "sha1", "sha256", "sha512"));
        assertEquals("sha512", tcp.getChoice("auth", "sha256", "none", "sha1", "sha256", "sha512"));
        assertEquals(file + ":27: listeners/tcp/@port: in use", tcp.invalid("port", "in use").getMessage());
    }

    @Test
    void numberedUrisAreReadUntilTheFirstGap() throws ConfigException {
        ConfigSection cpg = FenceConfig.load(file).root().section("backends").section("cpg");

        List<String> uris = new ArrayList<>();
        cpg.get("uri").ifPresent(uris::add);
        for (int i = 1; cpg.get("uri" + i).isPresent(); i++) {
            uris.add(cpg.get("uri" + i).orElseThrow());
        }
        assertEquals(List.of("qemu:///system", "qemu+ssh://hv2.example.com/system",
                "qemu+ssh://hv3.example.com/system"), uris);
    }

    @Test
    void groupsKeepEveryIpAndUuidInFileOrder() throws ConfigException {
        List<ConfigSection> groups = FenceConfig.load(file).root().section("groups").sections("group");

        assertEquals(2, groups.size());
        ConfigSection cluster1 = groups.get(0);
        assertEquals(Optional.of("cluster1"), cluster1.get("name"));
        assertEquals(List.of("192.168.122.11", "192.168.122.12", "192.168.122.13"), cluster1.getAll("ip"));
        assertEquals(List.of("node1", "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "node2",
                "6a2f41a3-c54c-fce8-32d2-0324e1c32e22", "node3", "9c8f1b2e-7d3a-4e5f-a6b7-c8d9e0f1a2b3"),
                cluster1.getAll("uuid"));
        assertEquals(List.of("db1", "db2"), groups.get(1).getAll("uuid"));
        assertFalse(groups.get(1).section("ip").exists(), "ip is a key, not a block");
    }

    @Test
    void afterTheDaemonReadItsPartOnlyTheSpareListenerIsReported() throws ConfigException {
        FenceConfig config = FenceConfig.load(file);
        ConfigSection daemon = config.root().section("fence_virtd");
        for (String key : List.of("listener", "backend", "module_path", "debug", "wait_for_init")) {
            daemon.get(key);
        }
        ConfigSection tcp = config.root().section("listeners").section("tcp");
        for (String key : List.of("key_file", "address", "port", "family", "hash", "auth")) {
            tcp.get(key);
        }
        ConfigSection cpg = config.root().section("backends").section("cpg");
        for (String key : List.of("uri", "uri1", "uri2", "uri3", "name_mode")) {
            cpg.get(key);
        }
        for (ConfigSection group : config.root().section("groups").sections("group")) {
            group.get("name");
            group.getAll("ip");
            group.getAll("uuid");
        }

        assertEquals(List.of(file + ":14: unused block listeners/multicast ignored"), config.unreadKeys());
    }
}
