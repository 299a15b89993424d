package org.jfenced.service.cluster;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigSection;
import org.jfenced.spi.FencePlugin;
import org.jfenced.spi.FenceService;
import org.jfenced.spi.PluginContext;
import org.jfenced.spi.ServiceFactory;

/** Service {@code cluster}: corosync.conf management through {@code jfencectl cluster …}. */
public final class ClusterPlugin implements FencePlugin {

    @Override
    public List<ServiceFactory> services() {
        return List.of(new ServiceFactory() {
            @Override
            public String name() {
                return "cluster";
            }

            @Override
            public FenceService create(ConfigSection config, PluginContext context) throws ConfigException {
                ClusterSettings settings = ClusterSettings.from(config, context.configFile());
                context.admin().register(command(settings, new VotequorumLiveCluster(), new ClusterCommand.SystemHost()));
                return new ClusterService();
            }
        });
    }

    static ClusterCommand command(ClusterSettings settings, LiveCluster live, ClusterCommand.LocalHost host) {
        ConfigFileWriter writer = new ConfigFileWriter(settings.backupDir(), settings.keepBackups(), Clock.systemUTC(),
                ConfigFileWriter.ATOMIC_RENAME);
        ClusterEditor editor = new ClusterEditor(settings.corosyncConf(), settings.authkey(), writer);
        return new ClusterCommand(editor, settings.authkey(), live, host, new SecureRandom());
    }

}
