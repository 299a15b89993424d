package org.jfenced.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

    private final FakeDaemon daemon = new FakeDaemon();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private static MetricsEndpoint start(FakeDaemon daemon) throws IOException {
        return MetricsEndpoint.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), daemon.metrics());
    }

    private HttpResponse<String> get(MetricsEndpoint endpoint, String accept) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(endpoint.url())).timeout(Duration.ofSeconds(60));
        if (accept != null) {
            r.header("Accept", accept);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheDaemonsCountersAndTheJvmsInPrometheusText() throws Exception {
        daemon.dispatcher().serve(new FenceRequest(FenceAction.OFF, "vm-web", "127.0.0.1", 1, "tcp"))
                .toCompletableFuture().join();
        try (MetricsEndpoint endpoint = start(daemon)) {
            HttpResponse<String> r = get(endpoint, null);
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
            assertTrue(r.body().contains("jfenced_replies_total{listener=\"tcp\",result=\"success\"} 1.0\n"), r.body());
            assertTrue(r.body().contains("\njvm_threads_current "), r.body());
        }
    }

    @Test
    void aScraperAskingForOpenMetricsGetsIt() throws Exception {
        try (MetricsEndpoint endpoint = start(daemon)) {
            HttpResponse<String> r = get(endpoint, "application/openmetrics-text; version=1.0.0");
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/openmetrics-text"));
            assertTrue(r.body().endsWith("# EOF\n"), r.body());
            assertTrue(r.body().contains("# TYPE jfenced info\n"), r.body());
        }
    }

    @Test
    void itListensOnlyWhereConfiguredAndClosingFreesThePort() throws Exception {
        MetricsEndpoint endpoint = start(daemon);
        assertTrue(endpoint.url().startsWith("http://127.0.0.1:"), endpoint.url());
        int port = URI.create(endpoint.url()).getPort();
        endpoint.close();
        assertThrows(IOException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
    }
}
