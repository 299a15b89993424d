package org.jfenced.backend.libvirt;

import java.util.List;
import org.jfenced.libvirt.LibvirtHost;
import org.jfenced.libvirt.LibvirtUris;
import org.jfenced.libvirt.PoolSettings;
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

    @Override
    public String name() {
        return "libvirt";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return LibvirtUris.KEYS;
    }

    /**
     * Unlike fence_virtd, a hypervisor that cannot be reached at start-up is no error: the backend
     * starts with that URI down and keeps trying. Start-up waits for the first attempts, bounded by
     * the open deadline, so the log tells at once what is reachable.
     */
    @Override
    public FenceBackend create(ConfigSection config, PluginContext context) throws ConfigException {
        List<String> uris = LibvirtUris.read(config);
        PoolSettings settings = PoolSettings.defaults();
        LibvirtHost backend = new LibvirtHost(uris, settings);
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
}
