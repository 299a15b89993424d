package org.jfenced.admin;

import static org.jfenced.admin.StatusCommandTest.list;
import static org.jfenced.admin.StatusCommandTest.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfenced.config.FenceConfig;
import org.jfenced.dispatch.AclGroups;
import org.jfenced.journal.JournalSettings;
import org.jfenced.journal.JournalWriter;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCommandTest {

    private final AclGroups groups;
    private final FakeDaemon daemon;
    private long seqno;

    HistoryCommandTest() throws Exception {
        groups = AclGroups.from(FenceConfig.parse(
                "groups { group { ip = \"192.0.2.1\"; uuid = \"vm-web\"; } }", "test.conf").root().section("groups"));
        daemon = new FakeDaemon(groups);
    }

    private static void served(FakeDaemon d, FenceAction action, String vm, String source, long seqno) {
        d.dispatcher().serve(new FenceRequest(action, vm, source, seqno, "tcp")).toCompletableFuture().join();
    }

    private void served(FenceAction action, String vm, String source) {
        served(daemon, action, vm, source, ++seqno);
    }

    private AdminReply history(DaemonView d, String... args) {
        return new HistoryCommand(d).run(List.of(args), new TestSession());
    }

    @Test
    void listsRecentRequestsOldestFirstWithAclResultActingNodeRuleAndStates() throws Exception {
        served(FenceAction.OFF, "vm-web", "192.0.2.1");
        served(FenceAction.OFF, "vm-db", "192.0.2.1");
        served(FenceAction.HOSTLIST, "", "192.0.2.1");

        AdminReply reply = history(daemon);
        List<String> lines = reply.text().lines().toList();
        assertEquals(4, lines.size(), reply.text());
        assertTrue(lines.get(0).matches("TIME +LISTENER +SOURCE +ACTION +TARGET +ACL +RESULT +ACTING +RULE +STATE +DURATION"),
                lines.get(0));
        assertTrue(lines.get(1).matches(
                "\\S+ \\S+ +tcp +192\\.0\\.2\\.1 +off +vm-web +allowed +success +local +acted_locally +running->shut off +[0-9.]+ ms"),
                lines.get(1));
        assertTrue(lines.get(2).matches(".* off +vm-db +denied +permission denied +- +- +- +[0-9.]+ ms"), lines.get(2));
        assertTrue(lines.get(3).matches(".* list +- +filtered +success, 1 VMs +local +- +- +[0-9.]+ ms"), lines.get(3));

        Map<String, Object> denied = map(list(reply.data()).get(1));
        assertEquals("permission_denied", denied.get("result"));
        assertEquals("denied", denied.get("acl"));
        assertEquals(null, denied.get("acting_node"));
        assertEquals("192.0.2.1", denied.get("source"));
        assertEquals("tcp", denied.get("listener"));
        assertEquals("acted_locally", map(list(reply.data()).get(0)).get("rule"));
        assertEquals("running", map(list(reply.data()).get(0)).get("state_before"));
        assertEquals("shut off", map(list(reply.data()).get(0)).get("state_after"));
        assertEquals(null, denied.get("state_before"), "the denied off reached no VM");
    }

    @Test
    void dashNLimitsToTheLastN() throws Exception {
        for (int i = 0; i < 5; i++) {
            served(FenceAction.STATUS, "vm-web", "192.0.2.1");
        }
        served(FenceAction.OFF, "vm-web", "192.0.2.1");
        AdminReply reply = history(daemon, "-n", "2");
        assertEquals(2, list(reply.data()).size());
        assertEquals("off", map(list(reply.data()).get(1)).get("action"));
    }

    @Test
    void filtersByVmActionAndResult() throws Exception {
        served(FenceAction.STATUS, "vm-web", "192.0.2.1");
        served(FenceAction.OFF, "VM-WEB", "192.0.2.1");
        served(FenceAction.OFF, "vm-db", "192.0.2.1");
        served(FenceAction.STATUS, "vm-web", "192.0.2.1");

        assertEquals(3, list(history(daemon, "--vm", "vm-web").data()).size(), "a VM's name matches in any case");
        List<Object> offs = list(history(daemon, "--vm", "vm-web", "--action", "off").data());
        assertEquals(1, offs.size());
        assertEquals("VM-WEB", map(offs.get(0)).get("target"));
        List<Object> denied = list(history(daemon, "--result", "permission_denied").data());
        assertEquals(1, denied.size());
        assertEquals("vm-db", map(denied.get(0)).get("target"));
        assertEquals("no requests match\n", history(daemon, "--action", "reboot").text());
    }

    @Test
    void sinceTakesAnAgeADateALocalTimeAndAnInstant() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-12-06T15:00:00Z"), ZoneOffset.UTC);
        assertEquals(Instant.parse("2026-12-06T14:30:00Z"), HistoryQuery.since("30m", clock));
        assertEquals(Instant.parse("2026-12-05T15:00:00Z"), HistoryQuery.since("1d", clock));
        assertEquals(Instant.parse("2026-12-06T00:00:00Z"), HistoryQuery.since("2026-12-06", clock));
        assertEquals(Instant.parse("2026-12-06T14:05:00Z"), HistoryQuery.since("2026-12-06 14:05", clock));
        assertEquals(Instant.parse("2026-12-06T14:05:07Z"), HistoryQuery.since("2026-12-06T16:05:07+02:00", clock));

        served(FenceAction.OFF, "vm-web", "192.0.2.1");
        assertEquals(1, list(history(daemon, "--since", "1m").data()).size());
        Clock tomorrow = Clock.offset(Clock.systemUTC(), Duration.ofDays(1));
        assertEquals(0, list(new HistoryCommand(daemon, tomorrow).run(List.of("--since", "1h"), new TestSession()).data())
                .size(), "nothing in the last hour, a day from now");
    }

    @Test
    void readsTheJournalAcrossRestarts(@TempDir Path dir) throws Exception {
        JournalSettings settings = new JournalSettings(dir, "jfenced", 1 << 20, Duration.ofDays(7), 10);
        try (JournalWriter first = JournalWriter.open(settings)) {
            FakeDaemon before = new FakeDaemon(groups, first, Optional.of(settings));
            served(before, FenceAction.OFF, "vm-web", "192.0.2.1", 1);
        }
        try (JournalWriter second = JournalWriter.open(settings)) {
            FakeDaemon after = new FakeDaemon(groups, second, Optional.of(settings));
            served(after, FenceAction.ON, "vm-web", "192.0.2.1", 2);
            List<Object> both = list(history(after).data());
            assertEquals(List.of("off", "on"), both.stream().map(e -> map(e).get("action")).toList(),
                    "the off from before the restart is there: " + both);
        }
        Files.writeString(settings.current(), "{\"time\":\"2026-12-06T15:0", StandardOpenOption.APPEND);
        try (JournalWriter third = JournalWriter.open(settings)) {
            FakeDaemon crashed = new FakeDaemon(groups, third, Optional.of(settings));
            served(crashed, FenceAction.REBOOT, "vm-web", "192.0.2.1", 3);
            AdminReply reply = history(crashed);
            assertEquals(List.of("off", "on", "reboot"), list(reply.data()).stream().map(e -> map(e).get("action")).toList());
            assertTrue(reply.text().endsWith("1 line(s) of the journal skipped: not whole entries (a crash tears the last"
                    + " line)\n"), reply.text());
        }
    }

    @Test
    void saysSoWhenNothingHappenedYet() throws Exception {
        AdminReply reply = history(daemon);
        assertEquals("no requests yet\n", reply.text());
        assertEquals(List.of(), reply.data());
    }

    @Test
    void aBadCommandLineIsAUsageError() throws Exception {
        for (List<String> args : List.<List<String>>of(List.of("-n"), List.of("-n", "0"), List.of("-n", "1001"),
                List.of("-n", "x"), List.of("5"), List.of("--since", "yesterday"), List.of("--action", "explode"),
                List.of("--result", "maybe"), List.of("--colour", "red"))) {
            assertEquals(AdminReply.USAGE, history(daemon, args.toArray(String[]::new)).exitCode(), args.toString());
        }
    }
}
