package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jfenced} with {@code metrics_port} set, scraped over HTTP after requests of the real
 * {@code fence_virt}, the scrape read by the Prometheus Python client's parser (python3-prometheus-client).
 */
class MetricsEndpointSystemTest {

    private static final String GROUPS = AdminCommandsSystemTest.GROUPS;

    @TempDir
    Path dir;

    @AutoClose
    private JfencedProcess daemon;
    private TestHost host;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private void start(String daemonExtra) {
        host = new TestHost(dir);
        daemon = JfencedProcess.start(dir, host.config("fence_virt.conf", daemonExtra, "", "test://" + host.nodeFile,
                GROUPS));
    }

    private String scrape(int port, String accept) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(60)).header("Accept", accept);
        HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    /** The samples as the Prometheus client's parser reads them; the parser fails on anything malformed. */
    private List<Object> parse(String scrape, String format) throws IOException {
        Path script = dir.resolve("prometheus-parse.py");
        if (!Files.exists(script)) {
            TestHost.copyResource("prometheus-parse.py", script);
        }
        ClientRun r = FenceVirt.exec(List.of(Requirements.binary("/usr/bin/python3", "python3").toString(),
                script.toString(), format), scrape);
        assertEquals(0, r.exit(), "the parser rejects the scrape (install python3-prometheus-client): " + r);
        return JsonReader.array(r.stdout());
    }

    /** The value of the one sample called {@code name} with exactly {@code labels}. */
    private static double value(List<Object> samples, String name, Map<String, String> labels) {
        List<Object> found = samples.stream().map(s -> (List<?>) s)
                .filter(s -> s.get(0).equals(name) && s.get(1).equals(labels)).<Object>map(s -> s.get(2)).toList();
        assertEquals(1, found.size(), name + labels + " in " + samples);
        return ((BigDecimal) found.get(0)).doubleValue();
    }

    private static boolean has(List<Object> samples, String name) {
        return samples.stream().anyMatch(s -> ((List<?>) s).get(0).equals(name));
    }

    @Test
    void theCountersOfAScrapeAgreeWithTheRequestsTheRealClientMade() throws Exception {
        int port = JfencedProcess.freePort();
        start("metrics_port = \"" + port + "\";");
        assertTrue(daemon.log().contains("metrics served at http://127.0.0.1:" + port + "/metrics"), daemon.log());
        FenceVirt client = host.client();
        assertEquals(0, client.run("-o", "status", "-n", "vm-run1").exit());
        assertEquals(0, client.run("-o", "status", "-n", "vm-run1").exit());
        ClientRun denied = client.run("-o", "off", "-n", "vm-run2");
        assertNotEquals(0, denied.exit(), denied.toString());
        ClientRun badHash = client.withKey(TestHost.writeKey(dir.resolve("wrong.key"), 4096))
                .run("-o", "off", "-n", "vm-run1");
        assertNotEquals(0, badHash.exit(), badHash.toString());
        daemon.awaitLog("dropped (BAD_HASH)", Duration.ofSeconds(5));

        List<Object> samples = parse(scrape(port, "text/plain"), "prometheus");
        assertEquals(3, value(samples, "jfenced_requests_total", Map.of("listener", "tcp")));
        assertEquals(2, value(samples, "jfenced_replies_total", Map.of("listener", "tcp", "result", "success")));
        assertEquals(1, value(samples, "jfenced_replies_total", Map.of("listener", "tcp", "result", "permission_denied")));
        assertEquals(1, value(samples, "jfenced_dropped_total", Map.of("listener", "tcp", "reason", "bad_hash")));
        assertEquals(2, value(samples, "jfenced_request_duration_seconds_count",
                Map.of("listener", "tcp", "action", "status", "result", "success")));
        assertEquals(1, value(samples, "jfenced_request_duration_seconds_bucket",
                Map.of("listener", "tcp", "action", "off", "result", "permission_denied", "le", "+Inf")));
        assertEquals(1, value(samples, "jfenced_backend_ready", Map.of("backend", "libvirt")));
        assertEquals(5, value(samples, "jfenced_vms", Map.of()));
        assertTrue(value(samples, "process_cpu_seconds_total", Map.of()) > 0, "the process's own metrics");
        assertTrue(value(samples, "jvm_threads_current", Map.of()) > 0, "the JVM's");

        List<Object> open = parse(scrape(port, "application/openmetrics-text; version=1.0.0"), "openmetrics");
        assertEquals(3, value(open, "jfenced_requests_total", Map.of("listener", "tcp")));
        assertEquals(1, value(open, "jfenced_info", Map.of("version", versionOf(samples))));
    }

    private static String versionOf(List<Object> samples) {
        return samples.stream().map(s -> (List<?>) s).filter(s -> s.get(0).equals("jfenced_info"))
                .map(s -> (String) ((Map<?, ?>) s.get(1)).get("version")).findFirst().orElseThrow();
    }

    @Test
    void itListensOnlyOnTheConfiguredAddress() throws Exception {
        int port = JfencedProcess.freePort();
        start("metrics_port = \"" + port + "\";");
        new Socket(InetAddress.getByName("127.0.0.1"), port).close();
        assertThrows(IOException.class, () -> new Socket(InetAddress.getByName("127.0.0.2"), port).close(),
                "127.0.0.2 is this host too, but not the address configured (127.0.0.1 by default)");
    }

    @Test
    void withoutMetricsPortThereIsNoEndpointAndNoThreadForIt() throws Exception {
        start("");
        assertFalse(daemon.log().contains("metrics served"), daemon.log());
        assertTrue(Ctl.of(host.adminSocket).run("metrics").stdout().contains("jfenced_requests_total{listener=\"tcp\"} 0.0\n"),
                "the numbers are still there for jfencectl");
        List<String> threads = threadNames(daemon);
        assertTrue(threads.stream().noneMatch(t -> t.startsWith("prometheus") || t.startsWith("HTTP-")), threads.toString());
    }

    @Test
    void anAddressWithoutAPortStopsTheStartWithAClearError() {
        host = new TestHost(dir);
        daemon = JfencedProcess.launch(dir, host.config("fence_virt.conf", "metrics_address = \"::1\";", "",
                "test://" + host.nodeFile, GROUPS));
        assertNotEquals(0, daemon.awaitExit(Duration.ofSeconds(60)));
        assertTrue(daemon.log().contains("metrics_address") && daemon.log().contains("metrics_port is not"), daemon.log());
    }

    /** The names of the daemon's threads as the kernel knows them (the JVM sets them, cut to 15 bytes). */
    private static List<String> threadNames(JfencedProcess daemon) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(daemon.handle().pid()), "task"))) {
            return tasks.map(t -> {
                try {
                    return Files.readString(t.resolve("comm")).strip();
                } catch (IOException e) {
                    return "";
                }
            }).toList();
        }
    }
}
