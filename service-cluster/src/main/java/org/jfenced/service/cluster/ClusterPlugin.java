package org.jfenced.service.cluster;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigKey;
import org.jfenced.spi.ConfigSection;
import org.jfenced.spi.FencePlugin;
import org.jfenced.spi.FenceService;
import org.jfenced.spi.PluginContext;
import org.jfenced.spi.ServiceFactory;

/** Service {@code cluster}: corosync.conf management through {@code jfencectl cluster …}. */
public final class ClusterPlugin implements FencePlugin {

    /** How long {@code --propagate} waits for the members' answers; writing a small file takes milliseconds. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public List<ServiceFactory> services() {
        return List.of(new ServiceFactory() {
            @Override
            public String name() {
                return "cluster";
            }

            @Override
            public List<ConfigKey> configKeys() {
                return ClusterSettings.KEYS;
            }

            @Override
            public FenceService create(ConfigSection config, PluginContext context) throws ConfigException {
                ClusterSettings settings = ClusterSettings.from(config, context.configFile());
                ClusterEditor editor = editor(settings);
                GroupPropagator propagator = new GroupPropagator(settings.group(), context::backend,
                        new OfferReceiver(editor), ANSWER_TIMEOUT);
                context.admin().register(command(editor, settings, new VotequorumLiveCluster(),
                        new ClusterCommand.SystemHost(), propagator));
                return new ClusterService(propagator);
            }
        });
    }

    /** The one editor of a host's file: local commands and other nodes' offers take turns on it. */
    static ClusterEditor editor(ClusterSettings settings) {
        ConfigFileWriter writer = new ConfigFileWriter(settings.backupDir(), settings.keepBackups(), Clock.systemUTC(),
                ConfigFileWriter.ATOMIC_RENAME);
        return new ClusterEditor(settings.corosyncConf(), settings.authkey(), writer);
    }

    static ClusterCommand command(ClusterEditor editor, ClusterSettings settings, LiveCluster live,
                                  ClusterCommand.LocalHost host, Propagator propagator) {
        return new ClusterCommand(editor, settings.authkey(), live, host, new SecureRandom(), propagator);
    }
}
