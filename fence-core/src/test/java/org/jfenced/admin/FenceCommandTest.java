package org.jfenced.admin;

import static org.jfenced.admin.StatusCommandTest.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jfenced.config.FenceConfig;
import org.jfenced.dispatch.AclGroups;
import org.jfenced.journal.JournalEntry;
import org.jfenced.spi.AdminReply;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.Test;

class FenceCommandTest {

    /** Groups that let nobody fence anything: the admin socket must not care. */
    private final FakeDaemon daemon;
    private final FenceCommand fence;

    FenceCommandTest() throws Exception {
        daemon = new FakeDaemon(AclGroups.from(FenceConfig.parse(
                "groups { group { ip = \"192.0.2.1\"; uuid = \"some-other-vm\"; } }", "t.conf").root().section("groups")));
        fence = new FenceCommand(daemon);
    }

    @Test
    void anAdminRequestBypassesTheGroupsAndIsRecordedUnderTheAdminListenerWithTheUser() throws Exception {
        AdminReply reply = fence.run(List.of("off", "vm-web"), new TestSession("alice"));
        assertEquals(0, reply.exitCode(), reply.text());
        assertTrue(reply.text().startsWith("off vm-web: success ("), reply.text());
        assertEquals(VmState.SHUTOFF, daemon.backend.vms.get("vm-web").state());

        JournalEntry e = daemon.dispatcher().log().recent(1).get(0);
        assertEquals("admin:alice", e.request().source());
        assertEquals("admin", e.request().origin());
        assertEquals(FenceResult.SUCCESS, e.result());
        assertEquals(1, daemon.dispatcher().stats().snapshot().get("admin").replies(FenceResult.SUCCESS));
    }

    @Test
    void statusExitsLikeFenceVirtZeroForOnTwoForOff() throws Exception {
        AdminReply on = fence.run(List.of("status", "vm-web"), new TestSession());
        assertEquals(0, on.exitCode());
        assertTrue(on.text().startsWith("vm-web is on ("), on.text());
        AdminReply off = fence.run(List.of("STATUS", "vm-db"), new TestSession());
        assertEquals(2, off.exitCode());
        assertTrue(off.text().startsWith("vm-db is off ("), off.text());
        assertEquals("off", map(off.data()).get("result"));
    }

    @Test
    void aFailureExitsOneAndSaysWhichNodeActedWhenItWasAnother() throws Exception {
        daemon.backend.actingNode = "3";
        AdminReply reply = fence.run(List.of("reboot", "nope"), new TestSession());
        assertEquals(1, reply.exitCode());
        assertTrue(reply.text().matches("reboot nope: fail \\(.* ms, carried out by node 3\\)\\n"), reply.text());
        assertEquals("3", map(reply.data()).get("acting_node"));
    }

    @Test
    void onlyTheFourPowerActionsAndAVmAreAccepted() throws Exception {
        for (List<String> args : List.<List<String>>of(List.of(), List.of("off"), List.of("list", "vm-web"),
                List.of("devstatus", "x"), List.of("off", "vm-web", "vm-db"), List.of("off", " "))) {
            assertEquals(AdminReply.USAGE, fence.run(args, new TestSession()).exitCode(), args.toString());
        }
        assertTrue(daemon.backend.calls.isEmpty());
    }

    @Test
    void theAuditRequestIsCountedByActionInTheLatencyHistogram() throws Exception {
        fence.run(List.of("on", "vm-db"), new TestSession());
        assertEquals(1, daemon.dispatcher().stats().snapshot().get("admin").replies(FenceAction.ON));
    }
}
