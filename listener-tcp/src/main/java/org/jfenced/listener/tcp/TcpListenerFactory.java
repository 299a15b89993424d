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
import org.jfenced.xvm.session.ReloadableAuth;

/**
 * Listener {@code tcp}: {@code address}, {@code port}, {@code family}, {@code key_file}, {@code hash},
 * {@code auth}, and jfenced's own {@code max_connections} and {@code max_waiting_connections}.
 */
public final class TcpListenerFactory implements ListenerFactory {

    static final int DEFAULT_PORT = 1229;
    static final int DEFAULT_MAX_CONNECTIONS = 256;
    static final int DEFAULT_MAX_WAITING = 4096;
    /**
     * A new connection is read in the event-loop round after the one that accepted it, and a round
     * accepts up to 16: the quarter one address may hold must stay well above that, or a flood from a
     * client's own address could displace the client before its request is read.
     */
    static final int MIN_WAITING = 256;

    /** What a reload cannot change: the socket and the limits it was set up with. */
    static final List<String> RESTART_KEYS = List.of("family", "address", "port", "max_connections",
            "max_waiting_connections");

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
                        "jfenced only: requests authenticated and served at once; a request beyond this is closed"
                                + " unanswered."),
                new ConfigKey("max_waiting_connections", String.valueOf(DEFAULT_MAX_WAITING),
                        "jfenced only: connections that have not yet sent their whole request; when full, the one"
                                + " silent longest (from the newcomer's address once it holds a quarter) is closed"
                                + " to let the newcomer in.")),
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
        int maxWaiting = (int) config.getLong("max_waiting_connections", DEFAULT_MAX_WAITING, MIN_WAITING, 65536);
        ReloadableAuth auth = new ReloadableAuth(config, AuthSettings.from(config), RESTART_KEYS);
        String blockName = config.path().substring(config.path().lastIndexOf('/') + 1);
        return new TcpListener(blockName.isEmpty() ? name() : blockName, new InetSocketAddress(bind, port), auth,
                maxWaiting, maxConnections, context.dispatcher());
    }
}
