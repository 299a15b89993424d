package org.jfenced.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.Json;
import org.jfenced.spi.Membership;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

    private final FakeDaemon daemon = new FakeDaemon();

    private long seqno;

    private void served(FenceAction action, String vm) {
        daemon.dispatcher().serve(new FenceRequest(action, vm, "127.0.0.1", ++seqno, "tcp"))
                .toCompletableFuture().join();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @Test
    void countsEachListenersRepliesAndDropsAndAlwaysShowsTheAdminSocket() throws Exception {
        served(FenceAction.OFF, "vm-web");
        served(FenceAction.STATUS, "vm-db");
        daemon.dispatcher().dropped("tcp", DropReason.BAD_HASH);
        daemon.dispatcher().dropped("tcp", DropReason.TIMEOUT);

        AdminReply reply = new StatusCommand(daemon).run(List.of(), new TestSession());
        List<Object> listeners = list(map(reply.data()).get("listeners"));
        Map<String, Object> tcp = map(listeners.get(0));
        assertEquals("tcp", tcp.get("name"));
        assertEquals("tcp 127.0.0.1:1229", tcp.get("endpoint"));
        assertEquals(2L, tcp.get("requests"));
        assertEquals(1L, map(tcp.get("replies")).get("success"));
        assertEquals(1L, map(tcp.get("replies")).get("off"));
        assertEquals(1L, map(tcp.get("dropped")).get("bad_hash"));
        assertEquals("admin", map(listeners.get(1)).get("name"));
        assertEquals("unix /run/jfenced/admin.sock", map(listeners.get(1)).get("endpoint"));

        assertTrue(reply.text().contains("""
                LISTENER  ENDPOINT                      REQUESTS  SUCCESS  FAIL  OFF  DENIED  BAD SIZE  BAD HASH  DUPLICATE  OTHER DROPS
                tcp       tcp 127.0.0.1:1229                   2        1     0    1       0         0         1          0            1
                admin     unix /run/jfenced/admin.sock         0        0     0    0       0         0         0          0            0
                """), reply.text());
    }

    @Test
    void showsVersionUptimeConfigPluginsAndBackendConnections() {
        StatusReport report = StatusReport.of(daemon);
        String text = report.text(daemon.started().plusSeconds(192));
        assertTrue(text.startsWith("jfenced 9.9.9, pid 4242, up 3m 12s (since "), text);
        assertTrue(text.contains("config   /etc/fence_virt.conf\n"), text);
        assertTrue(text.contains("admin    /run/jfenced/admin.sock (root only)\n"), text);
        assertTrue(text.contains("plugins  backend libvirt 1.0, listener tcp 1.0 (1 more found: jfencectl plugins)\n"),
                text);
        assertTrue(text.contains("""
                backend libvirt: ready, 1 of 1 libvirt connection up
                CONNECTION      STATE  RECONNECTS  LAST ERROR
                qemu:///system  up              2  -
                """), text);
        assertTrue(text.contains("cluster  none: backend libvirt serves this host alone, 2 VMs\n"), text);
        Map<String, Object> data = report.data();
        assertEquals("2025-05-01T10:00:00Z", data.get("started"));
        assertNull(data.get("cluster"));
        assertEquals(Map.of("total", 2, "local", 2L), data.get("vms"));
    }

    @Test
    void showsTheCpgGroupMembersAndQuorum() {
        daemon.backend.membership = Optional.of(new Membership("jfenced", 2, List.of(3L, 1L, 2L), true));
        StatusReport report = StatusReport.of(daemon);
        assertTrue(report.text(Instant.now()).contains(
                "cluster  group jfenced, node 2 of members 1 2 3 (highest 3), quorate, 2 VMs, 2 here\n"));
        assertEquals(Map.of("group", "jfenced", "my_node_id", 2L, "members", List.of(1L, 2L, 3L), "highest", 3L,
                "quorate", true), report.data().get("cluster"));
    }

    @Test
    void aBackendThatCannotSayWhereItsVmsAreStillGetsAStatus() {
        daemon.backend.viewHangs = true;
        long start = System.nanoTime();
        StatusReport report = StatusReport.of(daemon);
        assertTrue(System.nanoTime() - start < DaemonView.VIEW_DEADLINE.toNanos() + 2_000_000_000L);
        assertTrue(report.text(Instant.now()).contains("cluster  unknown: backend libvirt did not answer within 10 s"));
        assertEquals("backend libvirt did not answer within 10 s", report.data().get("view_error"));
    }

    @Test
    void theDataHoldsNoClockSoTheStatusFileOnlyChangesWhenSomethingHappens() {
        String before = Json.write(StatusReport.of(daemon).data());
        assertEquals(before, Json.write(StatusReport.of(daemon).data()));
        served(FenceAction.STATUS, "vm-web");
        assertTrue(!before.equals(Json.write(StatusReport.of(daemon).data())));
    }

    @Test
    void takesNoArguments() throws Exception {
        assertEquals(AdminReply.USAGE, new StatusCommand(daemon).run(List.of("now"), new TestSession()).exitCode());
    }
}
