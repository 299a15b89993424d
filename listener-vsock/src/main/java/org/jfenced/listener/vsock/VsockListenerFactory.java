package org.jfenced.listener.vsock;

import java.util.List;
import java.util.stream.Stream;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigKey;
import org.jfenced.spi.ConfigSection;
import org.jfenced.spi.FenceListener;
import org.jfenced.spi.ListenerFactory;
import org.jfenced.spi.PluginContext;
import org.jfenced.xvm.session.AuthSettings;

/**
 * Listener {@code vsock}: {@code port}, {@code key_file}, {@code hash}, {@code auth} as for tcp, and
 * jfenced's own {@code max_connections}. A group's {@code ip} entries name guests by CID.
 */
public final class VsockListenerFactory implements ListenerFactory {

    static final int DEFAULT_PORT = 1229;
    static final int DEFAULT_MAX_CONNECTIONS = 256;

    @Override
    public String name() {
        return VsockListener.NAME;
    }

    @Override
    public List<ConfigKey> configKeys() {
        return Stream.concat(Stream.of(
                new ConfigKey("port", String.valueOf(DEFAULT_PORT), "The vsock port to listen on, for every CID."),
                new ConfigKey("max_connections", String.valueOf(DEFAULT_MAX_CONNECTIONS),
                        "jfenced only: connections beyond this many at once are closed at once.")),
                AuthSettings.KEYS.stream()).toList();
    }

    @Override
    public FenceListener create(ConfigSection config, PluginContext context) throws ConfigException {
        int port = (int) config.getLong("port", DEFAULT_PORT, 1, 0xFFFFFFFEL);
        int maxConnections = (int) config.getLong("max_connections", DEFAULT_MAX_CONNECTIONS, 1, 65536);
        AuthSettings auth = AuthSettings.from(config);
        return new VsockListener(() -> VsockServerSocket.listen(port), auth, maxConnections, context.dispatcher());
    }
}
