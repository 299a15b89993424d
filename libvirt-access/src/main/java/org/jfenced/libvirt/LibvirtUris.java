package org.jfenced.libvirt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigKey;
import org.jfenced.spi.ConfigSection;

/** The libvirt URIs of a backend's config block, read as fence_virtd reads them (backends libvirt and cpg). */
public final class LibvirtUris {

    /** The keys {@link #read} reads, for a factory's {@code configKeys()}. */
    public static final List<ConfigKey> KEYS = List.of(
            new ConfigKey("uri", "", "Required: the libvirt connection URI of this host, such as qemu:///system."),
            new ConfigKey("uriN", "", "More hypervisors: uri1, uri2, ..., read up to the first number missing. A VM is"
                    + " looked up in URI order; list shows the VMs of all."));

    private LibvirtUris() {
    }

    /** fence_virtd's reading: {@code uri}, then {@code uri1}, {@code uri2}, … up to the first one missing. */
    public static List<String> read(ConfigSection config) throws ConfigException {
        List<String> uris = new ArrayList<>();
        for (int i = 0; ; i++) {
            String key = i == 0 ? "uri" : "uri" + i;
            Optional<String> uri = config.get(key);
            if (uri.isEmpty()) {
                break;
            }
            if (uri.get().isBlank()) {
                // libvirt would take an empty URI as "probe for a default hypervisor": never what a fencing config means
                throw config.invalid(key, "empty libvirt URI");
            }
            uris.add(uri.get());
        }
        if (uris.isEmpty()) {
            throw config.invalid("uri", "at least one libvirt URI is required, such as uri = \"qemu:///system\"");
        }
        return uris;
    }
}
