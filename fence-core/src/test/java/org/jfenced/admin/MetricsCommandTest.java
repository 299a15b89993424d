package org.jfenced.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.junit.jupiter.api.Test;

class MetricsCommandTest {

    private final FakeDaemon daemon = new FakeDaemon();

    private String metrics() throws Exception {
        return new MetricsCommand(daemon).run(List.of(), new TestSession()).text();
    }

    @Test
    void countersCarryListenerResultAndReasonLabels() throws Exception {
        daemon.dispatcher().serve(new FenceRequest(FenceAction.OFF, "vm-web", "127.0.0.1", 1, "tcp"))
                .toCompletableFuture().join();
        daemon.dispatcher().dropped("tcp", DropReason.BAD_HASH);
        String m = metrics();
        assertTrue(m.contains("# TYPE jfenced_requests_total counter\njfenced_requests_total{listener=\"tcp\"} 1\n"), m);
        assertTrue(m.contains("jfenced_replies_total{listener=\"tcp\",result=\"success\"} 1\n"), m);
        assertTrue(m.contains("jfenced_dropped_total{listener=\"tcp\",reason=\"bad_hash\"} 1\n"), m);
        assertTrue(m.contains("jfenced_backend_up{backend=\"libvirt\",part=\"qemu:///system\"} 1\n"), m);
        assertTrue(m.contains("jfenced_backend_reconnects_total{backend=\"libvirt\",part=\"qemu:///system\"} 2\n"), m);
        assertTrue(m.contains("jfenced_info{version=\"9.9.9\"} 1\n"), m);
    }

    @Test
    void theLatencyHistogramIsCumulativeAndEndsInInfEqualToTheCount() throws Exception {
        for (int i = 0; i < 3; i++) {
            daemon.dispatcher().serve(new FenceRequest(FenceAction.STATUS, "vm-web", "127.0.0.1", i, "tcp"))
                    .toCompletableFuture().join();
        }
        String m = metrics();
        var buckets = Pattern.compile("jfenced_request_duration_seconds_bucket\\{listener=\"tcp\",action=\"status\","
                + "le=\"([^\"]+)\"} (\\d+)").matcher(m).results().toList();
        assertEquals(14, buckets.size(), m);
        long previous = 0;
        for (var b : buckets) {
            long n = Long.parseLong(b.group(2));
            assertTrue(n >= previous, "cumulative: " + m);
            previous = n;
        }
        assertEquals("+Inf", buckets.get(13).group(1));
        assertEquals(3, previous);
        assertTrue(m.contains("jfenced_request_duration_seconds_count{listener=\"tcp\",action=\"status\"} 3\n"), m);
        assertTrue(m.contains("# TYPE jfenced_request_duration_seconds histogram\n"), m);
    }

    @Test
    void everySampleLineIsValidExpositionFormat() throws Exception {
        daemon.dispatcher().serve(new FenceRequest(FenceAction.REBOOT, "vm-db", "::1", 1, "tcp"))
                .toCompletableFuture().join();
        Pattern sample = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\.)*\",?)*})?"
                + " -?[0-9.]+(E-?[0-9]+)?");
        for (String line : metrics().lines().toList()) {
            if (!line.startsWith("# HELP ") && !line.startsWith("# TYPE ")) {
                assertTrue(sample.matcher(line).matches(), line);
            }
        }
    }

    @Test
    void jsonHoldsTheSameSamples() throws Exception {
        AdminReply reply = new MetricsCommand(daemon).run(List.of(), new TestSession());
        long lines = reply.text().lines().filter(l -> !l.startsWith("#")).count();
        assertEquals(lines, StatusCommandTest.list(reply.data()).size());
    }
}
