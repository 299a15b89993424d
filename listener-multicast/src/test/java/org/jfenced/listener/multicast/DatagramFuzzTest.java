package org.jfenced.listener.multicast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import org.jfenced.dispatch.AclGroups;
import org.jfenced.dispatch.Dispatcher;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.RequestDispatcher.DropReason;
import org.jfenced.spi.testkit.RecordingBackend;
import org.jfenced.xvm.session.AuthSettings;
import org.jfenced.xvm.session.ReceivedRequest;
import org.jfenced.xvm.wire.HashType;
import org.junit.jupiter.api.Test;

/**
 * Random, mutated, replayed and validly signed datagrams with random contents, at least 100,000 per
 * run, against the receive path: nothing may throw, nothing but a packet signed with the key may lead
 * to a connect-back, and no copy of a request that was served may lead to one again.
 *
 * <p>The datagrams go straight into the handler, as netty hands them over: that is the whole path from
 * the socket to the connect-back, it runs a hundred thousand packets in seconds, and it needs no
 * network (multicast only ever runs inside test namespaces). The connect-back is the only way from a
 * datagram to the backend, so here it is recorded instead of made, and every request it is handed is
 * served through the dispatcher, as a completed exchange would be. The seed is printed
 * and can be set with {@code -Dfuzz.seed=N} to replay a run.
 */
class DatagramFuzzTest {

    private static final int PACKETS = 120_000;
    private static final InetSocketAddress GROUP = new InetSocketAddress(Packets.ip("225.0.0.12"), 1229);

    private final long seed = Long.getLong("fuzz.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private final byte[] key = new byte[4096];
    private final RecordingBackend backend = new RecordingBackend();
    private final Dispatcher dispatcher = new Dispatcher(backend, AclGroups.allowAll(), Duration.ofSeconds(5));
    private final List<ReceivedRequest> calledBack = new ArrayList<>();
    private final List<InetSocketAddress> targets = new ArrayList<>();
    /** Valid requests sent, oldest first, with when they were sent. */
    private final List<Sent> served = new ArrayList<>();

    /**
     * Replays come from requests sent at most this long ago: well inside the history's 10-second window
     * even when a loaded machine stretches the run beyond it.
     */
    private static final long REPLAY_AGE_NANOS = Duration.ofSeconds(5).toNanos();

    private record Sent(byte[] datagram, long nanos) {
    }
    private final Set<String> servedKeys = new HashSet<>();

    private enum Kind { RANDOM_BYTES, RANDOM_REQUEST, MUTATED, SIGNED_RANDOM_FIELDS, VALID, REPLAYED }

    @Test
    void noDatagramThrowsAndOnlySignedNewRequestsAreCalledBack() {
        random.nextBytes(key);
        EmbeddedChannel channel = new EmbeddedChannel(new RequestDatagramHandler(
                new AuthSettings(HashType.SHA256, HashType.SHA256, key), dispatcher, OptionalInt.empty(),
                this::serve));
        int[] sent = new int[Kind.values().length];
        long start = System.nanoTime();
        for (int i = 0; i < PACKETS; i++) {
            Kind kind = pickKind();
            byte[] datagram = make(kind);
            int before = calledBack.size();
            boolean knownServed = signedByUs(datagram) && servedKeys.contains(historyKey(datagram));
            try {
                channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(datagram), GROUP, sender()));
                channel.checkException();
            } catch (Throwable t) {
                throw new AssertionError(kind + " datagram #" + i + " threw (seed " + seed + "): "
                        + Packets.HEX.formatHex(datagram), t);
            }
            boolean wasCalledBack = calledBack.size() > before;
            if (wasCalledBack && !signedByUs(datagram)) {
                fail(kind + " datagram #" + i + " without a valid signature was called back (seed " + seed + "): "
                        + Packets.HEX.formatHex(datagram));
            }
            if (wasCalledBack && knownServed) {
                fail(kind + " datagram #" + i + " repeats a served request and was called back (seed " + seed + ")");
            }
            if (kind == Kind.VALID && !wasCalledBack) {
                fail("a valid new request was dropped (seed " + seed + "): " + Packets.HEX.formatHex(datagram));
            }
            if (kind == Kind.VALID) {
                assertEquals(embeddedTarget(datagram), targets.get(targets.size() - 1), "seed " + seed);
            }
            sent[kind.ordinal()]++;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        channel.finishAndReleaseAll();

        Set<FenceRequest> exchanged = new HashSet<>();
        calledBack.forEach(r -> r.request().ifPresent(exchanged::add));
        assertTrue(exchanged.containsAll(backend.calls), "no datagram reaches the backend without a completed exchange");
        var stats = dispatcher.stats().snapshot().get(MulticastListener.NAME);
        long drops = Arrays.stream(DropReason.values()).mapToLong(stats::dropped).sum();
        assertEquals(PACKETS, drops + calledBack.size(), "every datagram is either called back or counted as dropped");
        assertTrue(sent[Kind.REPLAYED.ordinal()] > 0 && stats.dropped(DropReason.DUPLICATE) >= sent[Kind.REPLAYED.ordinal()]);
        System.out.printf(Locale.ROOT, "fuzz: %d datagrams in %d ms (seed %d): %s; called back %d; dropped %s%n",
                PACKETS, millis, seed, kinds(sent), calledBack.size(), stats.dropped());
    }

    /** What a completed exchange leaves behind: the request is remembered as answered. */
    private void serve(ReceivedRequest request, InetSocketAddress target) {
        calledBack.add(request);
        servedKeys.add(request.wire().request() + "/" + (int) request.wire().seqno() + "/"
                + request.wire().domain().toLowerCase(Locale.ROOT));
        targets.add(target);
        request.request().ifPresent(r -> dispatcher.serve(r).toCompletableFuture().join());
    }

    private Kind pickKind() {
        int r = random.nextInt(100);
        return r < 20 ? Kind.RANDOM_BYTES : r < 40 ? Kind.RANDOM_REQUEST : r < 80 ? Kind.MUTATED
                : r < 90 ? Kind.SIGNED_RANDOM_FIELDS : r < 95 || !forgetOldServed() ? Kind.VALID : Kind.REPLAYED;
    }

    private byte[] make(Kind kind) {
        switch (kind) {
            case RANDOM_BYTES: {
                byte[] b = new byte[random.nextInt(100) < 30 ? 170 + random.nextInt(13) : random.nextInt(600)];
                random.nextBytes(b);
                return b;
            }
            case RANDOM_REQUEST: {
                byte[] b = new byte[176];
                random.nextBytes(b);
                b[1] = (byte) (1 + random.nextInt(3));
                return b;
            }
            case MUTATED:
                return mutate(validRequest());
            case SIGNED_RANDOM_FIELDS: {
                byte[] b = new byte[176];
                random.nextBytes(b);
                int[] families = {2, 10, 0, random.nextInt()};
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(108, families[random.nextInt(4)]);
                b[1] = (byte) (2 + random.nextInt(2));
                return sign(b);
            }
            case VALID: {
                byte[] b = validRequest();
                served.add(new Sent(b, System.nanoTime()));
                return b;
            }
            case REPLAYED:
                return served.get(random.nextInt(served.size())).datagram();
            default:
                throw new AssertionError(kind);
        }
    }

    /** Drops the requests too old to replay; whether one is left to replay. */
    private boolean forgetOldServed() {
        long now = System.nanoTime();
        int old = 0;
        while (old < served.size() && now - served.get(old).nanos() > REPLAY_AGE_NANOS) {
            old++;
        }
        served.subList(0, old).clear();
        return !served.isEmpty();
    }

    /** A request as fence_xvm sends it, with a new seqno and a reachable IPv4 callback address. */
    private byte[] validRequest() {
        byte[] address = {10, (byte) random.nextInt(256), (byte) random.nextInt(256), (byte) (1 + random.nextInt(254))};
        int[] requests = {0, 1, 2, 3, 4, 5, 6};
        return Packets.signed(requests[random.nextInt(requests.length)], "vm-" + random.nextInt(1000),
                random.nextInt(1_000_000_000), Packets.ipOf(address), 1 + random.nextInt(65535),
                random.nextBoolean() ? HashType.SHA256 : HashType.SHA512, key);
    }

    /** One to four changes: bit flips, overwritten bytes, a changed hash type, a cut or an extension. */
    private byte[] mutate(byte[] valid) {
        byte[] b = valid.clone();
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            switch (random.nextInt(6)) {
                case 0, 1 -> {
                    int i = random.nextInt(b.length == 0 ? 1 : b.length);
                    if (b.length > 0) {
                        b[i] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 2 -> {
                    if (b.length > 0) {
                        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                    }
                }
                case 3 -> {
                    if (b.length > 1) {
                        b[1] = (byte) random.nextInt(5);
                    }
                }
                case 4 -> b = Arrays.copyOf(b, random.nextInt(b.length + 1));
                default -> {
                    byte[] longer = Arrays.copyOf(b, b.length + 1 + random.nextInt(64));
                    for (int i = b.length; i < longer.length; i++) {
                        longer[i] = (byte) random.nextInt(256);
                    }
                    b = longer;
                }
            }
        }
        if (Arrays.equals(b, valid)) {
            b[random.nextInt(b.length)] ^= 1;
        }
        return b;
    }

    private InetSocketAddress sender() {
        if (random.nextInt(4) == 0) {
            byte[] linkLocal = new byte[16];
            random.nextBytes(linkLocal);
            linkLocal[0] = (byte) 0xfe;
            linkLocal[1] = (byte) 0x80;
            try {
                return new InetSocketAddress(Inet6Address.getByAddress(null, linkLocal, 2), 1 + random.nextInt(65535));
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
        byte[] v4 = new byte[4];
        random.nextBytes(v4);
        return new InetSocketAddress(Packets.ipOf(v4), 1 + random.nextInt(65535));
    }

    /**
     * The signature check written out again from fence-xvm-protocol.md §4, independently of the code
     * under test: exactly 176 bytes, hash type sha256 or sha512 (the minimum is sha256), and the
     * 64-byte field equal to the zero-padded digest of the key and the packet with that field zeroed.
     */
    private boolean signedByUs(byte[] p) {
        if (p.length != 176 || (p[1] != 2 && p[1] != 3)) {
            return false;
        }
        return Arrays.equals(Arrays.copyOfRange(p, 112, 176), digest(p));
    }

    private byte[] sign(byte[] p) {
        System.arraycopy(digest(p), 0, p, 112, 64);
        return p;
    }

    private byte[] digest(byte[] p) {
        try {
            MessageDigest md = MessageDigest.getInstance(p[1] == 2 ? "SHA-256" : "SHA-512");
            md.update(key);
            md.update(p, 0, 112);
            md.update(new byte[64]);
            return Arrays.copyOf(md.digest(), 64);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** The history's identity of a request: command, seqno, domain in any case. */
    private static String historyKey(byte[] p) {
        int end = 4;
        while (end < 68 && p[end] != 0) {
            end++;
        }
        int seqno = ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).getInt(104);
        return p[0] + "/" + seqno + "/" + new String(p, 4, end - 4, StandardCharsets.UTF_8)
                .toLowerCase(Locale.ROOT);
    }

    private static InetSocketAddress embeddedTarget(byte[] p) {
        int port = ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).getShort(96) & 0xffff;
        return new InetSocketAddress(Packets.ipOf(Arrays.copyOfRange(p, 68, 72)), port);
    }

    private static String kinds(int[] sent) {
        StringBuilder sb = new StringBuilder();
        for (Kind k : Kind.values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(k.name().toLowerCase(Locale.ROOT)).append(' ')
                    .append(sent[k.ordinal()]);
        }
        return sb.toString();
    }
}
