package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.jfenced.systest.ScriptedXvmClient.Mode;
import org.jfenced.systest.ScriptedXvmClient.Script;
import org.jfenced.xvm.wire.FenceWireRequest;
import org.jfenced.xvm.wire.HashType;
import org.jfenced.xvm.wire.RequestCodec;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multicast input the real client never sends, and guests that misbehave: the daemon stays up, fences
 * nothing it should not, serves each request once, lets no guest hold up another, and still serves
 * the real fence_xvm right afterwards.
 */
class MulticastRobustnessSystemTest {

    private static final String GROUP = "225.0.0.12";
    private static final int CALLBACK_PORT = 1300;

    @AutoClose
    private static GuestNetwork net;

    @TempDir
    Path dir;

    private final Random random = new Random();
    private TestHost host;
    @AutoClose
    private JfencedProcess daemon;
    private FenceXvm client;
    private byte[] key;

    @BeforeAll
    static void network() {
        net = GuestNetwork.create();
    }

    @BeforeEach
    void start() throws Exception {
        host = new TestHost(dir);
        daemon = JfencedProcess.startIn(net.host, dir, host.multicastConfig("", ""), "-d", "1");
        client = new FenceXvm(net.guest, GROUP, host.key);
        key = Files.readAllBytes(host.key);
    }

    /** A request as fence_xvm signs it, asking for a callback on {@code callback}:{@value #CALLBACK_PORT}. */
    private byte[] request(int command, String vm, long seqno, String callback, byte[] withKey) throws Exception {
        byte[] rnd = new byte[6];
        random.nextBytes(rnd);
        return RequestCodec.encode(command, HashType.SHA256, vm, InetAddress.getByName(callback).getAddress(),
                CALLBACK_PORT, seqno, FenceWireRequest.FAMILY_INET, rnd, withKey);
    }

    private Script script() {
        return new Script(GROUP, 1229);
    }

    private Script answeringAt(String address, Duration wait) {
        return script().callback(address, CALLBACK_PORT, Mode.ANSWER, host.key, wait);
    }

    private long destroyed(String vm) {
        return daemon.countLog("off \"" + vm + "\": destroyed");
    }

    private void assertStillServesTheRealClient() {
        assertTrue(daemon.isAlive(), daemon.log());
        ClientRun status = client.run("-o", "status", "-n", "vm-run2");
        assertEquals(0, status.exit(), status + "\n" + daemon.log());
        ClientRun off = client.run("-o", "off", "-n", "vm-run2");
        assertEquals(0, off.exit(), off + "\n" + daemon.log());
        assertEquals(1, destroyed("vm-run2"));
    }

    @Test
    void malformedAndForgedDatagramsFenceNothingAndTheNextRealRequestIsServed() throws Exception {
        byte[] valid = request(1, "vm-run1", 1001, GuestNetwork.GUEST_V4, key);
        List<byte[]> bad = new ArrayList<>();
        for (int len : new int[] {0, 1, 100, 175}) {
            bad.add(Arrays.copyOf(valid, len));
        }
        for (int len : new int[] {177, 300, 1400, 4000}) {
            bad.add(withRandomTail(valid, len));
        }
        for (int i = 0; i < 1500; i++) {
            bad.add(randomBytes(random.nextInt(4) == 0 ? 176 : random.nextInt(600)));
        }
        for (int i = 0; i < 1000; i++) {
            byte[] b = randomBytes(176);
            b[1] = (byte) (1 + random.nextInt(3));
            bad.add(b);
        }
        for (int i = 0; i < 2300; i++) {
            bad.add(bitFlipped(valid));
        }
        byte[] otherKey = randomBytes(4096);
        for (int i = 0; i < 100; i++) {
            bad.add(request(1, "vm-run1", 2000 + i, GuestNetwork.GUEST_V4, otherKey));
        }
        bad.add(RequestCodec.encode(1, HashType.NONE, "vm-run1", InetAddress.getByName(GuestNetwork.GUEST_V4)
                .getAddress(), CALLBACK_PORT, 3000, FenceWireRequest.FAMILY_INET, new byte[6], key));

        ClientRun run = answeringAt(GuestNetwork.GUEST_V4, Duration.ofSeconds(2)).sendAll(bad).runIn(net.guest);
        assertTrue(run.stdout().contains("sent " + bad.size()), run.toString());
        assertTrue(run.stdout().contains("no-callback"), "nothing in " + bad.size() + " bad datagrams earns a callback\n"
                + run);
        assertEquals(0, destroyed("vm-run1"));
        assertTrue(daemon.log().contains("dropped (BAD_SIZE)") && daemon.log().contains("dropped (BAD_HASH)"));
        assertStillServesTheRealClient();
        assertEquals(0, client.run("-o", "status", "-n", "vm-run1").exit(), "vm-run1 still runs");
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private byte[] withRandomTail(byte[] valid, int length) {
        byte[] b = Arrays.copyOf(valid, length);
        for (int i = valid.length; i < length; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    private byte[] bitFlipped(byte[] valid) {
        byte[] b = valid.clone();
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
        if (Arrays.equals(b, valid)) {
            b[0] ^= 1;
        }
        return b;
    }

    @Test
    void aReplayedRequestIsNotCarriedOutAgain() throws Exception {
        byte[] off = request(1, "vm-run1", 1002, GuestNetwork.GUEST_V4, key);
        ClientRun first = answeringAt(GuestNetwork.GUEST_V4, Duration.ofSeconds(5)).send(off).runIn(net.guest);
        assertTrue(first.stdout().contains("reply 00"), first.toString());
        assertEquals(0, client.run("-o", "on", "-n", "vm-run1").exit());

        ClientRun replay = answeringAt(GuestNetwork.GUEST_V4, Duration.ofSeconds(2)).send(off).runIn(net.guest);
        assertTrue(replay.stdout().contains("no-callback"), replay.toString());
        assertTrue(daemon.log().contains("dropped (DUPLICATE)"), daemon.log());
        assertEquals(1, destroyed("vm-run1"));
        assertEquals(0, client.run("-o", "status", "-n", "vm-run1").exit(), "vm-run1 runs again and stays on");
    }

    @Test
    void aCopyNamingAnUnreachableCallbackDoesNotHoldUpTheReachableCopy() throws Exception {
        ClientRun run = answeringAt(GuestNetwork.GUEST_V4, Duration.ofSeconds(5))
                .send(request(1, "vm-run1", 1003, GuestNetwork.NOBODY_V4, key))
                .send(request(1, "vm-run1", 1003, GuestNetwork.GUEST_V4, key))
                .runIn(net.guest);
        assertTrue(run.stdout().contains("reply 00"), run + "\n" + daemon.log());
        long after = Long.parseLong(run.stdout().lines().filter(l -> l.startsWith("callback-after-ms "))
                .findFirst().orElseThrow().substring("callback-after-ms ".length()));
        assertTrue(after < 2000, "the reachable copy was called back after " + after
                + " ms, as if it had waited for the unreachable one");
        assertEquals(1, destroyed("vm-run1"));
        assertStillServesTheRealClient();
    }

    @Test
    void aRequestWhoseCallbackFailedIsForgottenSoTheClientsNextCopyIsServed() throws Exception {
        ClientRun unreachable = script().send(request(1, "vm-run1", 1004, GuestNetwork.NOBODY_V4, key))
                .runIn(net.guest);
        assertEquals(0, unreachable.exit(), unreachable.toString());
        daemon.awaitLog("could not call back " + GuestNetwork.NOBODY_V4, Duration.ofSeconds(10));
        assertEquals(0, destroyed("vm-run1"));

        ClientRun retransmission = answeringAt(GuestNetwork.GUEST_V4, Duration.ofSeconds(5))
                .send(request(1, "vm-run1", 1004, GuestNetwork.GUEST_V4, key)).runIn(net.guest);
        assertTrue(retransmission.stdout().contains("reply 00"), retransmission + "\n" + daemon.log());
        assertEquals(1, destroyed("vm-run1"));
    }

    @Test
    void aGuestThatNeverAnswersTheCallbackHoldsUpNoOtherGuest() throws Exception {
        Script silent = script().send(request(1, "vm-run1", 1005, GuestNetwork.GUEST_V4, key))
                .callback(GuestNetwork.GUEST_V4, CALLBACK_PORT, Mode.SILENT, host.key, Duration.ofSeconds(3));
        CompletableFuture<ClientRun> held = CompletableFuture.supplyAsync(() -> silent.runIn(net.guest));
        daemon.awaitLog("connected back to " + GuestNetwork.GUEST_V4 + ":" + CALLBACK_PORT, Duration.ofSeconds(15));

        ClientRun other = client.run("-o", "status", "-n", "vm-run2");
        assertEquals(0, other.exit(), other.toString());
        assertTrue(other.millis() < 3000, "served in " + other.millis() + " ms while another guest stalls");
        assertTrue(held.join().stdout().contains("held"), held.join().toString());
        assertEquals(0, destroyed("vm-run1"));
    }
}
