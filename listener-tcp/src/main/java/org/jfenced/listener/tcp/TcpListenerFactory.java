package org.jfenced.listener.tcp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
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
 * Listener {@code tcp}: {@code address}, {@code port}, {@code family}, {@code key_file}, {@code hash},
 * {@code auth}, and jfenced's own {@code max_connections}.
 */
public final class TcpListenerFactory implements ListenerFactory {

    static final int DEFAULT_PORT = 1229;
    static final int DEFAULT_MAX_CONNECTIONS = 256;

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return Stream.concat(Stream.of(
                new ConfigKey("family", "ipv4", "ipv4 or ipv6: the family of address."),
                new ConfigKey("address", "127.0.0.1, or ::1 with family ipv6", "The address to listen on."),
                new ConfigKey("port", String.valueOf(DEFAULT_PORT), "The TCP port to listen on."),
                new ConfigKey("max_connections", String.valueOf(DEFAULT_MAX_CONNECTIONS),
                        "jfenced only: connections beyond this many at once are closed at once.")),
                AuthSettings.KEYS.stream()).toList();
    }

    @Override
    public FenceListener create(ConfigSection config, PluginContext context) throws ConfigException {
        String family = config.getChoice("family", "ipv4", "ipv4", "ipv6");
        String address = config.get("address", family.equals("ipv6") ? "::1" : "127.0.0.1");
        InetAddress bind;
        try {
            bind = InetAddress.getByName(address.trim());
        } catch (UnknownHostException e) {
            throw config.invalid("address", "not an IP address: \"" + address + '"');
        }
        if ((bind.getAddress().length == 16) != family.equals("ipv6")) {
            throw config.invalid("address", address + " is not an " + family + " address (see family)");
        }
        int port = (int) config.getLong("port", DEFAULT_PORT, 1, 65535);
        int maxConnections = (int) config.getLong("max_connections", DEFAULT_MAX_CONNECTIONS, 1, 65536);
        AuthSettings auth = AuthSettings.from(config);
        return new TcpListener(new InetSocketAddress(bind, port), auth, maxConnections, context.dispatcher());
    }
}
