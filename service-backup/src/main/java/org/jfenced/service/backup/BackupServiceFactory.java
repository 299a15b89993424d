package org.jfenced.service.backup;

import java.time.ZoneId;
import java.util.List;
import org.jfenced.libvirt.LocalLibvirt;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigKey;
import org.jfenced.spi.ConfigSection;
import org.jfenced.spi.FenceService;
import org.jfenced.spi.PluginContext;
import org.jfenced.spi.ServiceFactory;

/**
 * Creates service {@code backup} from {@code services { backup { … } }}. It works on the VMs of this
 * host's libvirt through the connection pool of backend libvirt or cpg — the same connections, so the
 * same VMs even on libvirt's test driver, whose state each connection keeps to itself. It hears of fences
 * from the dispatcher and, with backend cpg, of those the group gives this host for another host's daemon.
 */
public final class BackupServiceFactory implements ServiceFactory {

    @Override
    public String name() {
        return "backup";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return BackupSettings.KEYS;
    }

    @Override
    public FenceService create(ConfigSection config, PluginContext context) throws ConfigException {
        BackupSettings settings = BackupSettings.from(config);
        LocalLibvirt backend = context.backend()
                .filter(LocalLibvirt.class::isInstance)
                .map(LocalLibvirt.class::cast)
                .orElseThrow(() -> config.invalid("storage", "service backup needs backend libvirt or cpg"
                        + " (fence_virtd/@backend): it backs up the VMs of this host's libvirt through that backend's"
                        + " connections"));
        BackupService service = new BackupService(settings, backend.pool());
        context.observeFences(service::beforePowerAction);
        context.admin().register(new BackupCommand(service, ZoneId.systemDefault()));
        return service;
    }
}
