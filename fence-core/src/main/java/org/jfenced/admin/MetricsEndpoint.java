package org.jfenced.admin;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The HTTP endpoint Prometheus scrapes: {@code /metrics} in the Prometheus or OpenMetrics text format,
 * whichever the scraper asks for, served by the client library's own server.
 */
public final class MetricsEndpoint implements AutoCloseable {

    private final HTTPServer server;
    private final InetSocketAddress address;

    private MetricsEndpoint(HTTPServer server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    /** Binds {@code address} and serves {@code registry} there; fails if the port is taken. */
    public static MetricsEndpoint start(InetSocketAddress address, PrometheusRegistry registry) throws IOException {
        HTTPServer server = HTTPServer.builder().inetAddress(address.getAddress()).port(address.getPort())
                .registry(registry).buildAndStart();
        return new MetricsEndpoint(server, new InetSocketAddress(address.getAddress(), server.getPort()));
    }

    /** Where it listens, e.g. {@code http://127.0.0.1:9799/metrics}. */
    public String url() {
        String host = address.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/metrics";
    }

    @Override
    public void close() {
        server.close();
    }
}
