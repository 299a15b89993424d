package org.jfenced.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.FakeConfigSection;
import org.junit.jupiter.api.Test;

class LibvirtUrisTest {

    @Test
    void readsUriThenUri1Uri2AndStopsAtTheFirstMissingIndex() throws ConfigException {
        assertEquals(List.of("qemu:///system"), LibvirtUris.read(new FakeConfigSection("backends/libvirt", "uri", "qemu:///system")));
        assertEquals(List.of("u0", "u1", "u2"),
                LibvirtUris.read(new FakeConfigSection("backends/libvirt", "uri", "u0", "uri1", "u1", "uri2", "u2")));
        assertEquals(List.of("u0", "u1"),
                LibvirtUris.read(new FakeConfigSection("backends/libvirt", "uri", "u0", "uri1", "u1", "uri3", "u3")));
        assertEquals(List.of("u0"), LibvirtUris.read(new FakeConfigSection("backends/libvirt", "uri", "u0", "uri2", "u2")));
    }

    @Test
    void requiresAUri() {
        ConfigException none = assertThrows(ConfigException.class, () -> LibvirtUris.read(new FakeConfigSection("backends/libvirt")));
        assertTrue(none.getMessage().contains("@uri: at least one libvirt URI is required"), none.getMessage());
        // fence_virtd reads uri1 only after uri, so uri1 alone is no URI at all
        assertThrows(ConfigException.class, () -> LibvirtUris.read(new FakeConfigSection("backends/libvirt", "uri1", "qemu:///system")));
    }

    @Test
    void rejectsAnEmptyUri() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> LibvirtUris.read(new FakeConfigSection("backends/libvirt", "uri", "qemu:///system", "uri1", " ")));
        assertTrue(e.getMessage().contains("@uri1"), e.getMessage());
    }
}
