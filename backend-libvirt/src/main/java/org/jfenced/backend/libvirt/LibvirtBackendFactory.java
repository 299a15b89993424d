package org.jfenced.backend.libvirt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jfenced.spi.BackendFactory;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigKey;
import org.jfenced.spi.ConfigSection;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.Health;
import org.jfenced.spi.PluginContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates backend {@code libvirt} from {@code backends { libvirt { uri = "…"; uri1 = "…"; } }}. */
public final class LibvirtBackendFactory implements BackendFactory {

    private static final Logger LOG = LoggerFactory.getLogger(LibvirtBackendFactory.class);

    /** The keys {@link #uris} reads; the cpg backend declares them too. */
    public static final List<ConfigKey> URI_KEYS = List.of(
            new ConfigKey("uri", "", "Required: the libvirt connection URI of this host, such as qemu:///system."),
            new ConfigKey("uriN", "", "More hypervisors: uri1, uri2, ..., read up to the first number missing. A VM is"
                    + " looked up in URI order; list shows the VMs of all."));

    @Override
    public String name() {
        return "libvirt";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return URI_KEYS;
    }

    /**
     * Unlike fence_virtd, a hypervisor that cannot be reached at start-up is no error: the backend
     * starts with that URI down and keeps trying. Start-up waits for the first attempts, bounded by
     * the open deadline, so the log tells at once what is reachable.
     */
    @Override
    public FenceBackend create(ConfigSection config, PluginContext context) throws ConfigException {
        List<String> uris = uris(config);
        PoolSettings settings = PoolSettings.defaults();
        LibvirtBackend backend = new LibvirtBackend(uris, settings);
        try {
            backend.pool().awaitFirstAttempts(settings.openDeadline());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Health health = backend.health();
        if (health.ok()) {
            LOG.info("libvirt backend: {}", health.summary());
        } else {
            LOG.warn("libvirt backend: {}; fencing fails until one connects", health.summary());
        }
        return backend;
    }

    /**
     * fence_virtd's reading: {@code uri}, then {@code uri1}, {@code uri2}, … up to the first one missing.
     * Public for the cpg backend, which reads its block's URIs the same way.
     */
    public static List<String> uris(ConfigSection config) throws ConfigException {
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
