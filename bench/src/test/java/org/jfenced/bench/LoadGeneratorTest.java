package org.jfenced.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.VmState;
import org.jfenced.xvm.wire.HashType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole generator runs, by request count, against jfenced's request path and the trivial responder. */
class LoadGeneratorTest {

    @TempDir
    Path dir;

    private Path keyFile() throws Exception {
        return Files.write(dir.resolve("key"), FenceTcpClientTest.KEY);
    }

    private LoadReport run(int port, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--port", String.valueOf(port), "--key",
                keyFile().toString(), "--json", dir.resolve("result.json").toString()));
        args.addAll(List.of(extra));
        return LoadGenerator.run(LoadOptions.parse(args.toArray(String[]::new)));
    }

    @Test
    void everyRequestIsAnsweredCorrectlyAndOnceWithItsOwnSeqno() throws Exception {
        FakeHypervisor hv = FakeHypervisor.withVms(12, 4);
        try (SessionServer daemon = new SessionServer(FenceTcpClientTest.KEY, HashType.SHA256, hv)) {
            LoadReport r = run(daemon.address().getPort(), "--requests", "300", "--concurrency", "4",
                    "--mix", "status:1,offon:1");
            assertEquals(300, r.answered());
            assertEquals(0, r.outcomes().errorCount(), () -> r.outcomes().errors().toString());
            assertEquals(0, r.outcomes().unexpectedCount(), () -> r.outcomes().unexpected().toString());
            List<FenceRequest> served = hv.served();
            assertEquals(300, served.size());
            Set<Long> seqnos = new HashSet<>();
            served.forEach(q -> seqnos.add(q.seqno()));
            assertEquals(300, seqnos.size(), "seqnos repeat, so a real daemon would drop requests");
            assertTrue(served.stream().anyMatch(q -> q.action() == FenceAction.OFF));
            assertEquals(served.stream().filter(q -> q.action() == FenceAction.OFF).count(),
                    served.stream().filter(q -> q.action() == FenceAction.ON).count());
            for (int i = 0; i < 12; i++) {
                VmState expected = i % 4 == 3 ? VmState.SHUTOFF : VmState.RUNNING;
                assertEquals(expected, hv.stateOf("vm-" + i), "a cycle left vm-" + i + " changed");
            }
            String json = Files.readString(dir.resolve("result.json"));
            assertTrue(json.contains("\"answered\": 300"), json);
            assertTrue(json.contains("\"errors_all_attempts\": 0"), json);
            assertTrue(json.contains("\"attempts\": [\n    {"), json);
        }
    }

    @Test
    void aCountThatNoWholeCycleFitsEndsWithAStatus() throws Exception {
        FakeHypervisor hv = FakeHypervisor.withVms(4, 4);
        try (SessionServer daemon = new SessionServer(FenceTcpClientTest.KEY, HashType.SHA256, hv)) {
            LoadReport r = run(daemon.address().getPort(), "--requests", "31", "--concurrency", "1",
                    "--mix", "status:1,offon:100");
            assertEquals(31, r.answered());
            assertEquals(31, hv.served().size());
        }
    }

    @Test
    void wrongRepliesAreCountedNotHidden() throws Exception {
        FakeHypervisor hv = FakeHypervisor.withVms(4, 2);
        hv.lieAboutStatus();
        try (SessionServer daemon = new SessionServer(FenceTcpClientTest.KEY, HashType.SHA256, hv)) {
            LoadReport r = run(daemon.address().getPort(), "--requests", "40", "--mix", "status:1");
            assertEquals(40, r.answered());
            assertEquals(40, r.outcomes().unexpectedCount());
            assertEquals(20L, r.outcomes().unexpected().get("status -> 2"));
            assertEquals(20L, r.outcomes().unexpected().get("status -> 0"));
        }
    }

    @Test
    void requestsWithoutAnswerAreErrorsByKindAndNotThroughput() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        FenceTcpClient client = new FenceTcpClient(new java.net.InetSocketAddress("127.0.0.1", closedPort),
                FenceTcpClientTest.KEY, HashType.SHA256, HashType.SHA256, java.time.Duration.ofSeconds(5));
        LoadRun load = new LoadRun(client, new Seqnos(), Mix.parse("status:1"),
                TrivialResponder.runningVms(2), 2);
        Outcomes o = load.run(() -> Budget.forRequests(10)).outcomes();
        assertEquals(0, o.all().size());
        assertEquals(java.util.Map.of("connect", 10L), o.errors());
    }

    @Test
    void theTrivialResponderAnswersEverything() throws Exception {
        try (TrivialResponder responder = TrivialResponder.start(0, FenceTcpClientTest.KEY, HashType.SHA256, 8)) {
            LoadReport r = run(responder.port(), "--requests", "400", "--concurrency", "8");
            assertEquals(400, r.answered());
            assertEquals(0, r.outcomes().errorCount(), () -> r.outcomes().errors().toString());
            assertEquals(0, r.outcomes().unexpectedCount());
        }
    }

    @Test
    void cyclesNeedAVmPerClient() throws Exception {
        try (TrivialResponder responder = TrivialResponder.start(0, FenceTcpClientTest.KEY, HashType.SHA256, 3)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> run(responder.port(), "--requests", "10", "--concurrency", "4"));
            assertTrue(e.getMessage().contains("3 VMs, 4 clients"), e.getMessage());
        }
    }
}
