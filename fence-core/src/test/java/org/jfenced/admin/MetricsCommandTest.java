package org.jfenced.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
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

    private void serve(FenceAction action, String vm, long seq) {
        daemon.dispatcher().serve(new FenceRequest(action, vm, "127.0.0.1", seq, "tcp")).toCompletableFuture().join();
    }

    @Test
    void countersCarryListenerResultAndReasonLabels() throws Exception {
        serve(FenceAction.OFF, "vm-web", 1);
        daemon.dispatcher().dropped("tcp", DropReason.BAD_HASH);
        String m = metrics();
        assertTrue(m.contains("# TYPE jfenced_requests_total counter\n"), m);
        assertTrue(m.contains("jfenced_requests_total{listener=\"tcp\"} 1.0\n"), m);
        assertTrue(m.contains("jfenced_replies_total{listener=\"tcp\",result=\"success\"} 1.0\n"), m);
        assertTrue(m.contains("jfenced_dropped_total{listener=\"tcp\",reason=\"bad_hash\"} 1.0\n"), m);
        assertTrue(m.contains("jfenced_backend_up{backend=\"libvirt\",part=\"qemu:///system\"} 1.0\n"), m);
        assertTrue(m.contains("jfenced_backend_reconnects_total{backend=\"libvirt\",part=\"qemu:///system\"} 2.0\n"), m);
        assertTrue(m.contains("jfenced_info{version=\"9.9.9\"} 1\n"), m);
    }

    @Test
    void theLatencyHistogramIsPerActionAndResultCumulativeAndEndsInInfEqualToTheCount() throws Exception {
        for (int i = 0; i < 3; i++) {
            serve(FenceAction.STATUS, "vm-web", i);
        }
        serve(FenceAction.STATUS, "no-such-vm", 9);
        String m = metrics();
        var buckets = Pattern.compile("jfenced_request_duration_seconds_bucket\\{action=\"status\",listener=\"tcp\","
                + "result=\"success\",le=\"([^\"]+)\"} (\\d+)").matcher(m).results().toList();
        assertEquals(14, buckets.size(), m);
        long previous = 0;
        for (var b : buckets) {
            long n = Long.parseLong(b.group(2));
            assertTrue(n >= previous, "cumulative: " + m);
            previous = n;
        }
        assertEquals("+Inf", buckets.get(13).group(1));
        assertEquals(3, previous);
        assertTrue(m.contains("jfenced_request_duration_seconds_count{action=\"status\",listener=\"tcp\",result=\"success\"} 3\n"), m);
        assertTrue(m.contains("jfenced_request_duration_seconds_count{action=\"status\",listener=\"tcp\",result=\"fail\"} 1\n"), m);
        assertTrue(m.contains("# TYPE jfenced_request_duration_seconds histogram\n"), m);
    }

    @Test
    void theJvmAndTheProcessAreDescribedBesideTheFenceCounters() throws Exception {
        String m = metrics();
        assertTrue(m.contains("# TYPE jvm_memory_used_bytes gauge\n"), m);
        assertTrue(m.contains("# TYPE jvm_threads_current gauge\n"), m);
        assertTrue(m.contains("# TYPE process_start_time_seconds gauge\n"), m);
    }

    @Test
    void jsonHoldsTheSameFamiliesAndPoints() throws Exception {
        serve(FenceAction.REBOOT, "vm-db", 1);
        AdminReply reply = new MetricsCommand(daemon).run(List.of(), new TestSession());
        long families = reply.text().lines().filter(l -> l.startsWith("# TYPE ")).count();
        List<Object> json = StatusCommandTest.list(reply.data());
        assertEquals(families, json.size());
        Map<?, ?> duration = json.stream().map(f -> (Map<?, ?>) f)
                .filter(f -> f.get("name").equals("jfenced_request_duration_seconds")).findFirst().orElseThrow();
        Map<?, ?> point = (Map<?, ?>) ((List<?>) duration.get("points")).get(0);
        assertEquals(Map.of("listener", "tcp", "action", "reboot", "result", "success"), point.get("labels"));
        assertEquals(1L, point.get("count"));
        assertEquals(1L, ((Map<?, ?>) point.get("buckets")).get("+Inf"));
    }
}
