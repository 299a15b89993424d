package org.jfenced.admin;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigSection;

/**
 * The {@code metrics_port} and {@code metrics_address} keys of the {@code fence_virtd} block: where the
 * {@code /metrics} endpoint listens, or nowhere.
 *
 * @param endpoint empty when {@code metrics_port} is not set: no endpoint, no socket, no thread
 */
public record MetricsSettings(Optional<InetSocketAddress> endpoint) {

    /** Loopback: metrics tell who fenced what, which is not for every host that can reach the daemon. */
    public static final String DEFAULT_ADDRESS = "127.0.0.1";

    public static MetricsSettings from(ConfigSection daemon) throws ConfigException {
        Optional<String> address = daemon.get("metrics_address").map(String::trim);
        if (daemon.get("metrics_port").isEmpty()) {
            if (address.isPresent()) {
                throw daemon.invalid("metrics_address", "is set, but metrics_port is not; the metrics endpoint is"
                        + " off unless metrics_port names its port");
            }
            return new MetricsSettings(Optional.empty());
        }
        int port = (int) daemon.getLong("metrics_port", 0, 1, 65535);
        String host = address.orElse(DEFAULT_ADDRESS);
        try {
            return new MetricsSettings(Optional.of(new InetSocketAddress(InetAddress.getByName(host), port)));
        } catch (UnknownHostException e) {
            throw daemon.invalid("metrics_address", "\"" + host + "\" is not an address of this host");
        }
    }
}
