package org.jfenced.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigSection;
import org.junit.jupiter.api.Test;

/** The files fence-agents and Debian ship must work exactly as they are. */
class ShippedConfigsTest {

    @Test
    void upstreamFileLoadsUnchanged() throws ConfigException {
        FenceConfig config = FenceConfig.load(TestConfigs.resource("upstream-fence_virt.conf"));

        ConfigSection daemon = config.root().section("fence_virtd");
        assertEquals(Optional.of("multicast"), daemon.get("listener"));
        assertEquals(Optional.of("libvirt"), daemon.get("backend"));
        ConfigSection multicast = config.root().section("listeners").section("multicast");
        assertEquals(Optional.of("/etc/cluster/fence_xvm.key"), multicast.get("key_file"));
        assertEquals(Optional.of("225.0.0.12"), multicast.get("address"));
        assertEquals(Optional.of("virbr0"), multicast.get("interface"));
        assertEquals(Optional.of("qemu:///system"), config.root().section("backends").section("libvirt").get("uri"));
    }

    @Test
    void debianFileDiffersOnlyInTheKeyFile() throws ConfigException {
        FenceConfig config = FenceConfig.load(TestConfigs.resource("debian-fence_virt.conf"));

        assertEquals(Optional.of("/etc/fence_virt.key"),
                config.root().section("listeners").section("multicast").get("key_file"));
        assertEquals(Optional.of("qemu:///system"), config.root().section("backends").section("libvirt").get("uri"));
    }

    @Test
    void readingWhatTheShippedPluginsReadLeavesNothingUnread() throws ConfigException {
        Path file = TestConfigs.resource("upstream-fence_virt.conf");
        FenceConfig config = FenceConfig.load(file);

        ConfigSection daemon = config.root().section("fence_virtd");
        daemon.get("listener");
        daemon.get("backend");
        ConfigSection multicast = config.root().section("listeners").section("multicast");
        for (String key : List.of("key_file", "address", "interface", "port", "family", "hash", "auth")) {
            multicast.get(key);
        }
        config.root().section("backends").section("libvirt").get("uri");

        assertEquals(List.of(), config.unreadKeys());
    }

    @Test
    void aFreshlyLoadedFileReportsEveryTopLevelBlockUnused() throws ConfigException {
        Path file = TestConfigs.resource("upstream-fence_virt.conf");

        assertEquals(List.of(
                        file + ":1: unused block fence_virtd ignored",
                        file + ":6: unused block listeners ignored",
                        file + ":15: unused block backends ignored"),
                FenceConfig.load(file).unreadKeys());
    }
}
