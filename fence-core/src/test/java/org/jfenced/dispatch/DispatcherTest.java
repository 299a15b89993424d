package org.jfenced.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jfenced.config.FenceConfig;
import org.jfenced.journal.Journal;
import org.jfenced.journal.JournalEntry;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.FenceOutcome;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.Health;
import org.jfenced.spi.RequestDispatcher.Answer;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;
import org.jfenced.spi.testkit.RecordingBackend;
import org.junit.jupiter.api.Test;

/** The dispatcher's rules, with a recording backend standing in for libvirt (logic only). */
class DispatcherTest {

    private final RecordingBackend backend = new RecordingBackend();

    private static AclGroups groups(String text) throws Exception {
        return AclGroups.from(FenceConfig.parse(text, "test.conf").root().section("groups"));
    }

    private long seqno;

    /** A new request: each has a sequence number of its own, so none is a copy of another. */
    private FenceRequest req(FenceAction a, String target, String source) {
        return new FenceRequest(a, target, source, ++seqno, "tcp");
    }

    private static FenceResult run(Dispatcher d, FenceRequest r) {
        return ((Answer.Result) d.serve(r).toCompletableFuture().join()).result();
    }

    private static List<VmInfo> hosts(Dispatcher d, FenceRequest r) {
        return ((Answer.HostList) d.serve(r).toCompletableFuture().join()).vms();
    }

    @Test
    void nullIsAnsweredWithFailureWithoutTheBackend() {
        Dispatcher d = new Dispatcher(backend, AclGroups.allowAll(), Duration.ofSeconds(5));
        assertEquals(FenceResult.FAIL, run(d, req(FenceAction.NULL, "vm-a", "10.0.0.1")));
        assertTrue(backend.calls.isEmpty());
    }

    @Test
    void aDeniedRequestNeverReachesTheBackendAndIsCounted() throws Exception {
        Dispatcher d = new Dispatcher(backend, groups("groups { group { ip = \"192.0.2.1\"; uuid = \"vm-a\"; } }"),
                Duration.ofSeconds(5));
        assertEquals(FenceResult.PERMISSION_DENIED, run(d, req(FenceAction.OFF, "vm-a", "192.0.2.9")));
        assertEquals(FenceResult.PERMISSION_DENIED, run(d, req(FenceAction.OFF, "vm-b", "192.0.2.1")));
        assertEquals(FenceResult.SUCCESS, run(d, req(FenceAction.OFF, "vm-a", "192.0.2.1")));
        assertEquals(1, backend.calls.size());
        assertEquals(2, d.stats().snapshot().get("tcp").replies(FenceResult.PERMISSION_DENIED));
    }

    @Test
    void devstatusIsNotSubjectToGroups() throws Exception {
        Dispatcher d = new Dispatcher(backend, groups("groups { group { ip = \"192.0.2.1\"; uuid = \"vm-a\"; } }"),
                Duration.ofSeconds(5));
        assertEquals(FenceResult.SUCCESS, run(d, req(FenceAction.DEVSTATUS, "", "198.51.100.7")));
    }

    @Test
    void theHostListShowsOnlyWhatTheGroupsAllowByNameOrUuid() throws Exception {
        Dispatcher d = new Dispatcher(backend, groups("groups { group { ip = \"192.0.2.1\";"
                + " uuid = \"22222222-2222-2222-2222-222222222222\"; } }"), Duration.ofSeconds(5));
        List<VmInfo> seen = hosts(d, req(FenceAction.HOSTLIST, "", "192.0.2.1"));
        assertEquals(List.of("vm-b"), seen.stream().map(VmInfo::name).toList());
        assertTrue(hosts(d, req(FenceAction.HOSTLIST, "", "192.0.2.2")).isEmpty());
    }

    @Test
    void aBackendThatNeverAnswersIsAnsweredFailAtTheDeadline() {
        backend.answering(new CompletableFuture<>());
        Dispatcher d = new Dispatcher(backend, AclGroups.allowAll(), Duration.ofMillis(200));
        assertEquals(FenceResult.FAIL, run(d, req(FenceAction.OFF, "vm-a", "x")));
    }

    @Test
    void aBackendThatThrowsIsAnsweredFail() {
        backend.answering(CompletableFuture.failedFuture(new IllegalStateException("libvirt gone")));
        Dispatcher d = new Dispatcher(backend, AclGroups.allowAll(), Duration.ofSeconds(5));
        assertEquals(FenceResult.FAIL, run(d, req(FenceAction.REBOOT, "vm-a", "x")));
        assertEquals(1, d.log().recent(10).size());
    }

    @Test
    void dropsAreCountedPerListenerAndReason() {
        Dispatcher d = new Dispatcher(backend, AclGroups.allowAll(), Duration.ofSeconds(5));
        d.dropped("tcp", DropReason.BAD_HASH);
        d.dropped("tcp", DropReason.BAD_HASH);
        FenceRequest off = req(FenceAction.OFF, "vm", "x");
        assertEquals(FenceResult.SUCCESS, run(d, off));
        assertEquals(new Answer.Duplicate(), d.serve(off).toCompletableFuture().join());
        assertEquals(2, d.stats().snapshot().get("tcp").dropped(DropReason.BAD_HASH));
        assertEquals(1, d.stats().snapshot().get("tcp").dropped(DropReason.DUPLICATE));
    }

    @Test
    void anAdminRequestIgnoresTheGroupsButIsCountedLoggedAndTimed() throws Exception {
        Dispatcher d = new Dispatcher(backend, groups("groups { group { ip = \"192.0.2.1\"; uuid = \"vm-a\"; } }"),
                Duration.ofSeconds(5));
        FenceRequest admin = new FenceRequest(FenceAction.OFF, "vm-b", "admin:root", 1, "admin");
        assertEquals(FenceResult.PERMISSION_DENIED, run(d, admin), "the same request from a listener is denied");
        FenceOutcome outcome = d.dispatchAsAdmin(admin).toCompletableFuture().join();
        assertEquals(FenceOutcome.local(FenceResult.SUCCESS), outcome);
        assertEquals(1, backend.calls.size());
        RequestStats.Snapshot s = d.stats().snapshot().get("admin");
        assertEquals(2, s.requests());
        assertEquals(2, s.replies(FenceAction.OFF));
        JournalEntry last = d.log().recent(1).get(0);
        assertEquals(FenceOutcome.THIS_NODE, last.actingNode());
        assertEquals("", d.log().recent(2).get(0).actingNode(), "no node acted on the denied one");
    }

    @Test
    void aHostListTheBackendCannotServeIsAFailureInCountersAndLog() {
        FenceBackend broken = new RecordingBackend() {
            @Override
            public CompletionStage<List<VmInfo>> hostList() {
                return CompletableFuture.failedFuture(new IllegalStateException("libvirt gone"));
            }
        };
        Dispatcher d = new Dispatcher(broken, AclGroups.allowAll(), Duration.ofSeconds(5));
        assertTrue(hosts(d, req(FenceAction.HOSTLIST, "", "x")).isEmpty());
        assertEquals(1, d.stats().snapshot().get("tcp").replies(FenceResult.FAIL));
        assertEquals("backend failed", d.log().recent(1).get(0).detail());
    }

    @Test
    void anAdministratorsDecisionIsRecordedInTheHistoryWithoutReachingTheBackend() {
        Dispatcher d = new Dispatcher(backend, AclGroups.allowAll(), Duration.ofSeconds(5));
        d.audit(new FenceRequest(FenceAction.OFF, "node 3", "root", 0, "admin"), FenceResult.SUCCESS, "confirm-down by root");
        JournalEntry e = d.log().recent(1).get(0);
        assertEquals("node 3", e.request().target());
        assertEquals(FenceResult.SUCCESS, e.result());
        assertEquals("confirm-down by root", e.detail());
        assertTrue(backend.calls.isEmpty());
    }

    @Test
    void anOffIsAnsweredOnlyOnceTheJournalHasIt() {
        CompletableFuture<Void> onDisk = new CompletableFuture<>();
        List<JournalEntry> journaled = new ArrayList<>();
        Journal journal = entry -> {
            journaled.add(entry);
            return entry.mustBeDurable() ? onDisk : CompletableFuture.completedFuture(null);
        };
        Dispatcher d = new Dispatcher(backend, AclGroups.allowAll(), Duration.ofSeconds(5), request -> { }, journal);
        assertEquals(FenceResult.SUCCESS, run(d, req(FenceAction.STATUS, "vm-a", "10.0.0.1")), "status does not wait");
        CompletableFuture<Answer> off = d.serve(req(FenceAction.OFF, "vm-a", "10.0.0.1")).toCompletableFuture();
        assertEquals(1, backend.calls.stream().filter(r -> r.action() == FenceAction.OFF).count(), "carried out");
        assertTrue(!off.isDone(), "but not answered while the journal writes");
        onDisk.complete(null);
        assertEquals(new Answer.Result(FenceResult.SUCCESS), off.join());
        JournalEntry e = journaled.get(1);
        assertEquals(JournalEntry.Acl.ALLOWED, e.acl());
        assertEquals(FenceOutcome.ACTED_LOCALLY, e.rule());
        assertEquals(FenceOutcome.THIS_NODE, e.actingNode());
    }

    @Test
    void anOffTheJournalCannotKeepIsAnsweredFail() {
        Journal broken = entry -> CompletableFuture.failedFuture(new java.io.IOException("No space left on device"));
        Dispatcher d = new Dispatcher(backend, AclGroups.allowAll(), Duration.ofSeconds(5), request -> { }, broken);
        assertEquals(FenceResult.FAIL, run(d, req(FenceAction.OFF, "vm-a", "10.0.0.1")));
        assertEquals(FenceResult.SUCCESS, run(d, req(FenceAction.STATUS, "vm-a", "10.0.0.1")),
                "a status answer records nothing that could be lost");
    }
}
