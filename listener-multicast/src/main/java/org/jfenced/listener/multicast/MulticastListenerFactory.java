package org.jfenced.listener.multicast;

import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;
import java.util.Optional;
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
 * Listener {@code multicast}: fence_virtd's keys {@code key_file}, {@code hash}, {@code auth},
 * {@code family}, {@code address}, {@code port}, {@code interface}, and jfenced's own
 * {@code max_connections} (connect-backs in progress at once).
 */
public final class MulticastListenerFactory implements ListenerFactory {

    static final String IPV4_GROUP = "225.0.0.12";
    static final String IPV6_GROUP = "ff05::3:1";
    static final int DEFAULT_PORT = 1229;
    static final int DEFAULT_MAX_CONNECTIONS = 256;

    /** What a reload cannot change: the group, the interfaces joined and the connect-back limit. */
    static final List<String> RESTART_KEYS = List.of("family", "address", "port", "interface", "max_connections");

    @Override
    public String name() {
        return MulticastListener.NAME;
    }

    @Override
    public List<ConfigKey> configKeys() {
        return Stream.concat(Stream.of(
                new ConfigKey("family", "the family of address", "ipv4 or ipv6."),
                new ConfigKey("address", IPV4_GROUP + ", or " + IPV6_GROUP + " with family ipv6",
                        "The multicast group the guests send to."),
                new ConfigKey("port", String.valueOf(DEFAULT_PORT),
                        "The group's UDP port (the client's callback port is written in its request)."),
                new ConfigKey("interface", "every interface that is up, can multicast and has an address of the family",
                        "Join the group on this interface only. A name no interface has is a start-up error."),
                new ConfigKey("max_connections", String.valueOf(DEFAULT_MAX_CONNECTIONS),
                        "jfenced only: connect-backs in progress at once; more requests are dropped.")),
                AuthSettings.KEYS.stream()).toList();
    }

    @Override
    public FenceListener create(ConfigSection config, PluginContext context) throws ConfigException {
        MulticastGroup group = group(config);
        int maxConnections = (int) config.getLong("max_connections", DEFAULT_MAX_CONNECTIONS, 1, 65536);
        ReloadableAuth auth = new ReloadableAuth(config, AuthSettings.from(config), RESTART_KEYS);
        return new MulticastListener(group, auth, maxConnections, context.dispatcher());
    }

    static MulticastGroup group(ConfigSection config) throws ConfigException {
        Optional<String> configuredAddress = config.get("address").map(String::trim);
        // without a family the address decides, as in fence_virtd -c and the clients' "auto"
        String family = config.get("family").isPresent() ? config.getChoice("family", "ipv4", "ipv4", "ipv6")
                : configuredAddress.filter(a -> a.contains(":")).isPresent() ? "ipv6" : "ipv4";
        boolean ipv6 = family.equals("ipv6");
        String address = configuredAddress.orElse(ipv6 ? IPV6_GROUP : IPV4_GROUP);
        InetAddress group = NetUtil.createInetAddressFromIpAddressString(address);
        if (group == null) {
            throw config.invalid("address", "not an IP address: \"" + address + '"');
        }
        if ((group instanceof Inet6Address) != ipv6) {
            throw config.invalid("address", address + " is not an " + family + " address (see family)");
        }
        if (!group.isMulticastAddress()) {
            throw config.invalid("address", address + " is not a multicast group");
        }
        int port = (int) config.getLong("port", DEFAULT_PORT, 1, 65535);
        Optional<String> iface = config.get("interface").map(String::trim);
        if (iface.isPresent() && !interfaceExists(iface.get())) {
            // fence_virtd takes a misspelt name for "every interface" and never says so
            throw config.invalid("interface", "no network interface is called \"" + iface.get() + '"');
        }
        return new MulticastGroup(ipv6 ? InternetProtocolFamily.IPv6 : InternetProtocolFamily.IPv4, group, port, iface);
    }

    private static boolean interfaceExists(String name) {
        try {
            return NetworkInterface.getByName(name) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
