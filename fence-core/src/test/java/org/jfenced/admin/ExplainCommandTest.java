package org.jfenced.admin;

import static org.jfenced.admin.StatusCommandTest.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jfenced.config.FenceConfig;
import org.jfenced.dispatch.AclGroups;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.junit.jupiter.api.Test;

class ExplainCommandTest {

    private final FakeDaemon daemon;

    ExplainCommandTest() throws Exception {
        daemon = new FakeDaemon(AclGroups.from(FenceConfig.parse(
                "groups { group { ip = \"192.0.2.1\"; uuid = \"vm-web\"; uuid = \"vm-gone\"; } }", "test.conf").root()
                .section("groups")));
    }

    private Map<String, Object> explain(String... args) throws Exception {
        AdminReply reply = new ExplainCommand(daemon).run(List.of(args), new TestSession());
        assertEquals(0, reply.exitCode(), reply.text());
        return map(reply.data());
    }

    @Test
    void anAllowedStatusOfARunningVmIsAnsweredOnByThisHost() throws Exception {
        Map<String, Object> e = explain("status", "vm-web", "--from", "192.0.2.1");
        assertEquals("allowed", e.get("acl"));
        assertEquals("local", e.get("acting_node"));
        assertEquals("acted_locally", e.get("rule"));
        assertEquals("success", e.get("expected_result"));
        assertEquals("tcp 127.0.0.1:1229", e.get("endpoint"));
    }

    @Test
    void aSourceNoGroupAllowsIsPredictedDeniedAndNothingIsDone() throws Exception {
        Map<String, Object> e = explain("off", "vm-db", "--from", "192.0.2.1");
        assertEquals("denied", e.get("acl"));
        assertEquals("permission_denied", e.get("expected_result"));
        assertEquals(List.of(), daemon.backend.calls, "explain never fences");
        daemon.dispatcher().serve(new FenceRequest(FenceAction.OFF, "vm-db", "192.0.2.1", 1, "tcp")).toCompletableFuture()
                .join();
        assertEquals("permission_denied", map(StatusCommandTest.list(new HistoryCommand(daemon).run(List.of(),
                new TestSession()).data()).get(0)).get("result"), "what explain said is what the request got");
    }

    @Test
    void anUnknownVmIsOffForStatusAndFailsForOff() throws Exception {
        assertEquals("off", explain("status", "vm-gone", "--from", "192.0.2.1").get("expected_result"));
        assertEquals("fail", explain("off", "vm-gone", "--from", "192.0.2.1").get("expected_result"));
    }

    @Test
    void withoutASourceTheGroupsAreNamedButNotJudged() throws Exception {
        AdminReply reply = new ExplainCommand(daemon).run(List.of("status", "vm-web"), new TestSession());
        assertTrue(reply.text().contains("give --from ADDRESS for their verdict"), reply.text());
        assertEquals(null, map(reply.data()).get("acl"));
    }

    @Test
    void withoutListenerTheFirstIsExplainedAndTheOthersAreNamed() throws Exception {
        daemon.endpoints.put("serial", "serial /run/jfenced/serial");
        AdminReply reply = new ExplainCommand(daemon).run(List.of("status", "vm-web"), new TestSession());
        assertEquals("tcp", map(reply.data()).get("listener"));
        assertEquals(List.of("tcp", "serial"), map(reply.data()).get("listeners"));
        assertTrue(reply.text().contains("listeners: tcp, serial; --listener NAME explains another"), reply.text());
    }

    @Test
    void listenerNamesTheListenerExplained() throws Exception {
        daemon.endpoints.put("serial", "serial /run/jfenced/serial");
        Map<String, Object> e = explain("status", "vm-web", "--listener", "serial", "--from", "192.0.2.1");
        assertEquals("serial", e.get("listener"));
        assertEquals("serial /run/jfenced/serial", e.get("endpoint"));
        assertEquals("allowed", e.get("acl"));
    }

    @Test
    void anUnknownListenerIsAnErrorNamingTheListenersThatExist() throws Exception {
        AdminReply reply = new ExplainCommand(daemon).run(List.of("status", "vm-web", "--listener", "cluster_b"),
                new TestSession());
        assertEquals(AdminReply.FAILED, reply.exitCode(), reply.text());
        assertTrue(reply.text().contains("no listener \"cluster_b\"; this daemon has tcp"), reply.text());
    }

    @Test
    void aBadCommandLineIsAUsageError() throws Exception {
        for (List<String> args : List.<List<String>>of(List.of(), List.of("status"), List.of("explode", "vm-web"),
                List.of("status", "vm-web", "--to", "x"), List.of("status", "vm-web", "--from"),
                List.of("status", "vm-web", "--from", "a", "--from", "b"), List.of("status", "vm-web", "--listener"))) {
            assertEquals(AdminReply.USAGE, new ExplainCommand(daemon).run(args, new TestSession()).exitCode(),
                    args.toString());
        }
    }
}
