package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jfenced.admin.api.AdminProtocol;
import org.jfenced.admin.api.AdminRequest;
import org.jfenced.admin.api.AdminResponse;
import org.jfenced.admin.api.Frames;
import org.jfenced.admin.api.Result;
import org.jfenced.admin.api.Status;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jfencectl} against {@code bin/jfenced} on libvirt's test driver, with the real
 * {@code fence_virt} making the requests the daemon is then asked about.
 */
class AdminCommandsSystemTest {

    /** 127.0.0.1 may fence vm-run1 only. */
    static final String GROUPS = """
            groups {
            	group {
            		ip = "127.0.0.1";
            		uuid = "vm-run1";
            	}
            }
            """;

    @TempDir
    Path dir;

    @AutoClose
    private JfencedProcess daemon;
    private TestHost host;
    private Ctl ctl;

    private void start(String daemonExtra) {
        host = new TestHost(dir);
        daemon = JfencedProcess.start(dir, host.config("fence_virt.conf", daemonExtra, "", "test://" + host.nodeFile,
                GROUPS));
        ctl = Ctl.of(host.adminSocket);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    private static long number(Object o) {
        return ((BigDecimal) o).longValueExact();
    }

    private static String text(ClientRun r) {
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stderr().isEmpty(), r.toString());
        return r.stdout();
    }

    @Test
    void everyCommandAnswersInTextAndInJson() {
        start("");
        assertTrue(text(ctl.run("status")).startsWith("jfenced "), "status");
        Map<String, Object> status = ctl.jsonObject("status");
        assertEquals(String.valueOf(daemon.handle().pid()), status.get("pid").toString());
        assertEquals("tcp 127.0.0.1:" + host.port, map(list(status.get("listeners")).get(0)).get("endpoint"));

        assertTrue(text(ctl.run("vms")).lines().anyMatch(l -> l.matches(
                "vm-run1 +11111111-1111-1111-1111-111111111111 +running +local")), "vms");
        List<Object> vms = ctl.jsonArray("vms");
        assertEquals(5, vms.size());
        assertEquals(Map.of("name", "vm-crashed", "uuid", "77777777-7777-7777-7777-777777777777", "state", "crashed",
                "owner", "local", "local", true), map(vms.get(0)));

        assertEquals("no cluster: backend libvirt serves this host alone\n", text(ctl.run("members")));
        assertEquals(Boolean.FALSE, ctl.jsonObject("members").get("clustered"));

        assertTrue(text(ctl.run("plugins")).lines().anyMatch(l -> l.matches("libvirt +backend +\\S+ +yes +.*backend-libvirt\\.jar")));
        assertTrue(ctl.jsonArray("plugins").stream().anyMatch(p -> map(p).get("name").equals("tcp")
                && map(p).get("kind").equals("listener") && map(p).get("in_use").equals(Boolean.TRUE)));

        assertTrue(text(ctl.run("fence", "status", "vm-run1")).startsWith("vm-run1 is on ("));
        assertEquals("success", ctl.jsonObject("fence", "status", "vm-run1").get("result"));
        ClientRun off = ctl.run("fence", "status", "vm-off1");
        assertEquals(2, off.exit(), "fence_virt's exit code for off: " + off);

        // the groups do not apply to the admin socket, and the history's ACL column says so
        assertTrue(text(ctl.run("history")).lines().anyMatch(l -> l.matches(
                ".* admin +admin:root +status +vm-run1 +not applied +success +local +.*")));
        assertEquals(3, ctl.jsonArray("history").size());

        assertTrue(text(ctl.run("metrics")).contains("# TYPE jfenced_request_duration_seconds histogram\n"));
        assertTrue(ctl.jsonArray("metrics").stream().anyMatch(s -> map(s).get("name").equals("jfenced_backend_ready")));

        assertTrue(text(ctl.run("help")).contains("history [-n N]"));
        assertEquals(11, ctl.jsonArray("help").size(), "the daemon's own commands");
    }

    @Test
    void countersAndHistoryFollowRealFenceVirtRequestsDeniedAndBadHashIncluded() throws Exception {
        start("");
        FenceVirt client = host.client();
        assertEquals(0, client.run("-o", "status", "-n", "vm-run1").exit());
        ClientRun denied = client.run("-o", "off", "-n", "vm-run2");
        assertNotEquals(0, denied.exit(), denied.toString());
        ClientRun badHash = client.withKey(TestHost.writeKey(dir.resolve("wrong.key"), 4096))
                .run("-o", "off", "-n", "vm-run1");
        assertNotEquals(0, badHash.exit(), badHash.toString());
        daemon.awaitLog("dropped (BAD_HASH)", Duration.ofSeconds(5));

        Map<String, Object> tcp = map(list(ctl.jsonObject("status").get("listeners")).get(0));
        assertEquals("tcp", tcp.get("name"));
        assertEquals(2, number(tcp.get("requests")), tcp.toString());
        assertEquals(1, number(map(tcp.get("replies")).get("success")));
        assertEquals(1, number(map(tcp.get("replies")).get("permission_denied")));
        assertEquals(1, number(map(tcp.get("dropped")).get("bad_hash")));
        assertTrue(text(ctl.run("status")).lines().anyMatch(l -> l.matches(
                "tcp +tcp 127\\.0\\.0\\.1:\\d+ +2 +1 +0 +0 +1 +0 +1 +0 +0")), text(ctl.run("status")));

        List<Object> history = ctl.jsonArray("history");
        assertEquals(2, history.size(), history.toString());
        assertEquals(List.of("status", "vm-run1", "success", "127.0.0.1", "tcp"), fields(history.get(0)));
        assertEquals(List.of("off", "vm-run2", "permission_denied", "127.0.0.1", "tcp"), fields(history.get(1)));
        assertEquals(null, map(history.get(1)).get("acting_node"), "nothing acted on a denied request");

        String metrics = text(ctl.run("metrics"));
        assertTrue(metrics.contains("jfenced_dropped_total{listener=\"tcp\",reason=\"bad_hash\"} 1.0\n"), metrics);
        assertTrue(metrics.contains("jfenced_replies_total{listener=\"tcp\",result=\"permission_denied\"} 1.0\n"), metrics);
        assertTrue(metrics.contains("jfenced_request_duration_seconds_count{action=\"off\",listener=\"tcp\","
                + "result=\"permission_denied\"} 1\n"), metrics);
    }

    private static List<Object> fields(Object entry) {
        Map<String, Object> e = map(entry);
        return List.of(e.get("action"), e.get("target"), e.get("result"), e.get("source"), e.get("listener"));
    }

    @Test
    void anAdminFenceIgnoresTheGroupsAndIsAudited() {
        start("");
        ClientRun r = ctl.run("fence", "off", "vm-run2");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(3, host.client().run("-o", "status", "-n", "vm-run2").exit(), "the groups still bind fence_virt");
        assertEquals(2, ctl.run("fence", "status", "vm-run2").exit(), "vm-run2 is off now");
        assertTrue(daemon.log().contains("audit: user root asks for off of \"vm-run2\" through the admin socket"),
                daemon.log());
        assertTrue(daemon.log().contains("OFF \"vm-run2\" from admin:root"), daemon.log());
    }

    @Test
    void theStatusFileHoldsTheStatusJsonAndGoesWithTheDaemon() throws Exception {
        Path file = dir.resolve("state/status.json");
        start("status_file = \"" + file + "\";");
        assertEquals(0, host.client().run("-o", "status", "-n", "vm-run1").exit());
        long deadline = System.nanoTime() + 5_000_000_000L;
        Map<String, Object> written = Map.of();
        while (System.nanoTime() < deadline) {
            written = Files.exists(file) ? JsonReader.object(Files.readString(file)) : Map.of();
            if (!written.isEmpty() && number(map(list(written.get("listeners")).get(0)).get("requests")) == 1) {
                break;
            }
            JfencedProcess.sleep(100);
        }
        assertEquals(ctl.jsonObject("status"), written);
        assertEquals(0, daemon.terminate());
        assertFalse(Files.exists(file));
    }

    @Test
    void aClientOfAnotherProtocolVersionIsToldWhatTheDaemonSpeaks() throws Exception {
        start("");
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(host.adminSocket))) {
            Frames.write(Channels.newOutputStream(c), AdminRequest.newBuilder().setProtocol(99)
                    .setClientVersion("99.0").addArgv("status").build());
            Result r = AdminResponse.parseFrom(Frames.read(Channels.newInputStream(c), 1 << 20)).getResult();
            assertEquals(Status.VERSION_MISMATCH, r.getStatus());
            assertTrue(r.getText().startsWith("jfencectl 99.0 speaks admin protocol 99, this daemon (jfenced "),
                    r.getText());
            assertTrue(r.getText().contains(") speaks " + AdminProtocol.VERSION + ": use the jfencectl installed with"
                    + " the daemon"), r.getText());
        }
    }
}
