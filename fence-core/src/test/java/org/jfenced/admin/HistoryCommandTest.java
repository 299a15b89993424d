package org.jfenced.admin;

import static org.jfenced.admin.StatusCommandTest.list;
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

class HistoryCommandTest {

    private final FakeDaemon daemon;

    HistoryCommandTest() throws Exception {
        daemon = new FakeDaemon(AclGroups.from(FenceConfig.parse(
                "groups { group { ip = \"192.0.2.1\"; uuid = \"vm-web\"; } }", "test.conf").root().section("groups")));
    }

    private long seqno;

    private void served(FenceAction action, String vm, String source) {
        daemon.dispatcher().serve(new FenceRequest(action, vm, source, ++seqno, "tcp")).toCompletableFuture().join();
    }

    @Test
    void listsRecentRequestsOldestFirstWithResultAndActingNode() throws Exception {
        served(FenceAction.OFF, "vm-web", "192.0.2.1");
        served(FenceAction.OFF, "vm-db", "192.0.2.1");
        served(FenceAction.HOSTLIST, "", "192.0.2.1");

        AdminReply reply = new HistoryCommand(daemon).run(List.of(), new TestSession());
        List<String> lines = reply.text().lines().toList();
        assertEquals(4, lines.size(), reply.text());
        assertTrue(lines.get(0).matches("TIME +LISTENER +SOURCE +ACTION +TARGET +RESULT +ACTING +DURATION"), lines.get(0));
        assertTrue(lines.get(1).matches("\\S+ \\S+ +tcp +192\\.0\\.2\\.1 +off +vm-web +success +local +[0-9.]+ ms"),
                lines.get(1));
        assertTrue(lines.get(2).matches(".* off +vm-db +permission denied +- +[0-9.]+ ms"), lines.get(2));
        assertTrue(lines.get(3).matches(".* list +- +success, 1 VMs +local +[0-9.]+ ms"), lines.get(3));

        Map<String, Object> denied = map(list(reply.data()).get(1));
        assertEquals("permission_denied", denied.get("result"));
        assertEquals(null, denied.get("acting_node"));
        assertEquals("192.0.2.1", denied.get("source"));
        assertEquals("tcp", denied.get("listener"));
    }

    @Test
    void dashNLimitsToTheLastN() throws Exception {
        for (int i = 0; i < 5; i++) {
            served(FenceAction.STATUS, "vm-web", "192.0.2.1");
        }
        served(FenceAction.OFF, "vm-web", "192.0.2.1");
        AdminReply reply = new HistoryCommand(daemon).run(List.of("-n", "2"), new TestSession());
        assertEquals(2, list(reply.data()).size());
        assertEquals("off", map(list(reply.data()).get(1)).get("action"));
    }

    @Test
    void saysSoWhenNothingHappenedYet() throws Exception {
        AdminReply reply = new HistoryCommand(daemon).run(List.of(), new TestSession());
        assertEquals("no requests yet\n", reply.text());
        assertEquals(List.of(), reply.data());
    }

    @Test
    void aBadCountIsAUsageError() throws Exception {
        for (List<String> args : List.<List<String>>of(List.of("-n"), List.of("-n", "0"), List.of("-n", "1001"), List.of("-n", "x"),
                List.of("5"))) {
            assertEquals(AdminReply.USAGE, new HistoryCommand(daemon).run(args, new TestSession()).exitCode(),
                    args.toString());
        }
    }
}
