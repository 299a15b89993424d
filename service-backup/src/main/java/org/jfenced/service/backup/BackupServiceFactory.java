package org.jfenced.service.backup;

import java.time.ZoneId;
import org.jfenced.backend.libvirt.LibvirtBackend;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigSection;
import org.jfenced.spi.FenceService;
import org.jfenced.spi.PluginContext;
import org.jfenced.spi.ServiceFactory;

/**
 * Creates service {@code backup} from {@code services { backup { … } }}. It works on the VMs of backend
 * libvirt through that backend's connection pool — the same connections, so the same VMs even on
 * libvirt's test driver, whose state each connection keeps to itself.
 */
public final class BackupServiceFactory implements ServiceFactory {

    @Override
    public String name() {
        return "backup";
    }

    @Override
    public FenceService create(ConfigSection config, PluginContext context) throws ConfigException {
        BackupSettings settings = BackupSettings.from(config);
        LibvirtBackend backend = context.backend()
                .filter(LibvirtBackend.class::isInstance)
                .map(LibvirtBackend.class::cast)
                .orElseThrow(() -> config.invalid("storage", "service backup needs backend libvirt"
                        + " (fence_virtd/@backend = \"libvirt\"): it backs up the VMs of that backend's hypervisors"));
        BackupService service = new BackupService(settings, backend.pool());
        context.observeFences(service::beforePowerAction);
        context.admin().register(new BackupCommand(service, ZoneId.systemDefault()));
        return service;
    }
}
