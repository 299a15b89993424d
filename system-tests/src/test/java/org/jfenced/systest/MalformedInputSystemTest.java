package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jfenced.xvm.wire.ChallengeResponse;
import org.jfenced.xvm.wire.HashType;
import org.jfenced.xvm.wire.RequestCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input the real clients never send: the daemon drops it, says why in its log, never acts on it, and
 * keeps serving the real client.
 */
class MalformedInputSystemTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private TestHost host;
    private JfencedProcess daemon;
    private FenceVirt client;
    private byte[] key;

    @BeforeEach
    void start() throws Exception {
        host = new TestHost(dir);
        daemon = JfencedProcess.start(dir, host.config("max_connections = \"40\";", ""));
        client = host.client();
        key = Files.readAllBytes(host.key);
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    private byte[] signedOff(String vm) {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return RequestCodec.encode(1, HashType.SHA256, vm, null, 0, RANDOM.nextInt(1_000_000), 0, random, key);
    }

    @SuppressWarnings("unchecked")
    private long droppedBadHash() {
        List<Object> listeners = (List<Object>) Ctl.of(host.adminSocket).jsonObject("status").get("listeners");
        Map<String, Object> dropped = (Map<String, Object>) ((Map<String, Object>) listeners.get(0)).get("dropped");
        return ((Number) dropped.get("bad_hash")).longValue();
    }

    private void assertStillServesAndNothingWasFenced() {
        ClientRun run = client.run("-o", "status", "-n", "vm-run1");
        assertEquals(0, run.exit(), "vm-run1 must still run and the daemon answer\n" + run + "\n" + daemon.log());
        assertTrue(daemon.isAlive());
    }

    @Test
    void aShortRequestFollowedByCloseIsDroppedAsBadSize() throws Exception {
        try (RawClient c = new RawClient(host.port)) {
            c.send(Arrays.copyOf(signedOff("vm-run1"), 100));
        }
        daemon.awaitLog("dropped (BAD_SIZE)", Duration.ofSeconds(5));
        assertStillServesAndNothingWasFenced();
    }

    @Test
    void garbageOfEveryLengthIsDroppedWithoutAnyAnswer() throws Exception {
        for (int len : new int[] {176, 300, 4096}) {
            byte[] junk = new byte[len];
            RANDOM.nextBytes(junk);
            try (RawClient c = new RawClient(host.port)) {
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                c.send(junk).awaitClose(got);
                assertEquals(0, got.size(), "no byte may answer garbage of " + len + " bytes");
            }
        }
        assertEquals(1, daemon.countLog("dropped (BAD_HASH)"), "a burst of garbage is one warning a minute, not one"
                + " a connection: " + daemon.log());
        assertEquals(3L, droppedBadHash(), "each is counted");
        assertStillServesAndNothingWasFenced();
    }

    @Test
    void aValidSignatureWithAnUnknownHashTypeIsDropped() throws Exception {
        byte[] p = signedOff("vm-run1");
        p[1] = 9;
        try (RawClient c = new RawClient(host.port)) {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            c.send(p).awaitClose(got);
            assertEquals(0, got.size());
        }
        assertStillServesAndNothingWasFenced();
    }

    @Test
    void aSilentClientIsCutOffAfterTheTimeoutAndBlocksNobodyMeanwhile() throws Exception {
        try (RawClient silent = new RawClient(host.port)) {
            ClientRun run = client.run("-o", "status", "-n", "vm-run1");
            assertEquals(0, run.exit(), run.toString());
            assertTrue(run.millis() < 2000, "a silent client must not delay others: " + run);
            long closedAfter = silent.awaitClose(new ByteArrayOutputStream());
            assertTrue(closedAfter < 8000, "closed after " + closedAfter + " ms");
        }
        daemon.awaitLog("dropped (TIMEOUT)", Duration.ofSeconds(2));
    }

    @Test
    void aClientThatDisconnectsMidExchangeChangesNothing() throws Exception {
        try (RawClient c = new RawClient(host.port)) {
            c.send(signedOff("vm-run1")).send(ChallengeResponse.newChallenge());
            assertEquals(128, c.read(128).length, "the daemon answers the challenge and sends its own");
        }
        daemon.awaitLog("dropped (DISCONNECTED)", Duration.ofSeconds(5));
        assertStillServesAndNothingWasFenced();
    }

    @Test
    void aClientThatFailsTheDaemonsChallengeChangesNothing() throws Exception {
        try (RawClient c = new RawClient(host.port)) {
            c.send(signedOff("vm-run1")).send(ChallengeResponse.newChallenge());
            c.read(128);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            c.send(new byte[64]).awaitClose(got);
            assertEquals(0, got.size());
        }
        daemon.awaitLog("dropped (AUTH_FAILED)", Duration.ofSeconds(5));
        assertStillServesAndNothingWasFenced();
    }

    @Test
    void aReplayedRequestWithinTenSecondsIsDroppedBeforeAuthentication() throws Exception {
        byte[] status = RequestCodec.encode(4, HashType.SHA256, "vm-run1", null, 0, 4242, 0, new byte[6], key);
        try (RawClient c = new RawClient(host.port)) {
            c.send(status).send(ChallengeResponse.newChallenge());
            byte[] theirs = c.read(128);
            c.send(ChallengeResponse.answer(HashType.SHA256, key, Arrays.copyOfRange(theirs, 64, 128)));
            assertEquals(0, c.read(1)[0], "vm-run1 is on");
        }
        try (RawClient c = new RawClient(host.port)) {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            c.send(status).send(ChallengeResponse.newChallenge()).awaitClose(got);
            assertEquals(0, got.size(), "a replay gets no answer at all");
        }
        daemon.awaitLog("dropped (DUPLICATE)", Duration.ofSeconds(5));
    }

    /**
     * max_connections (40 here) caps requests in progress, not connections: 50 held silently are all kept
     * while there is room for waiting connections, and a real client is served meanwhile.
     */
    @Test
    void silentConnectionsDoNotCountAgainstMaxConnectionsAndKeepNobodyOut() throws Exception {
        List<RawClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                clients.add(new RawClient(host.port));
            }
            JfencedProcess.sleep(1000);
            long closed = 0;
            for (RawClient c : clients) {
                if (c.closedWithin(50)) {
                    closed++;
                }
            }
            assertEquals(0, closed, "silent connections wait for their request, within max_waiting_connections");
            assertStillServesAndNothingWasFenced();
        } finally {
            for (RawClient c : clients) {
                c.close();
            }
        }
    }
}
