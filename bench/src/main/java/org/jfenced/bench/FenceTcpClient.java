package org.jfenced.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;
import org.jfenced.xvm.wire.ChallengeResponse;
import org.jfenced.xvm.wire.HashType;
import org.jfenced.xvm.wire.HostListCodec;
import org.jfenced.xvm.wire.RequestCodec;

/**
 * fence_virt's TCP mode ({@code fence_virt -T}), one connection per request: send the signed 176-byte
 * request and our challenge, check the daemon's answer, answer its challenge, read the reply. Safe for
 * concurrent use; each request is bounded by the timeout as a whole.
 */
public final class FenceTcpClient {

    private static final int FIELD = HashType.FIELD_LENGTH;
    private static final Watchdog WATCHDOG = new Watchdog();

    private final InetSocketAddress daemon;
    private final byte[] key;
    private final HashType hash;
    private final HashType auth;
    private final long timeoutNanos;
    private final ThreadLocal<Watchdog.Slot> slot = ThreadLocal.withInitial(WATCHDOG::newSlot);

    /**
     * @param hash the request signature's algorithm
     * @param auth the challenge–response algorithm; it is not negotiated, so it must be the daemon's
     * @param timeout the limit on one request, from connecting to the daemon closing the connection
     */
    public FenceTcpClient(InetSocketAddress daemon, byte[] key, HashType hash, HashType auth, Duration timeout) {
        this.daemon = daemon;
        this.key = key.clone();
        this.hash = hash;
        this.auth = auth;
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * The reply to one request.
     *
     * @param code the reply byte (0–255)
     * @param latencyNanos from just before connecting until the reply byte arrived
     */
    public record Reply(int code, long latencyNanos) {
    }

    /** Sends {@code action} for {@code domain} and waits for the reply. */
    public Reply request(FenceAction action, String domain, long seqno) throws IOException {
        return exchange(action, domain, seqno, (ch, start) -> {
            int code = readFully(ch, 1)[0] & 0xff;
            long latency = System.nanoTime() - start;
            drainUntilClosed(ch);
            return new Reply(code, latency);
        });
    }

    /** The daemon's host list: every VM it lets us see, in its order. */
    public List<VmInfo> hostList(long seqno) throws IOException {
        return exchange(FenceAction.HOSTLIST, "", seqno, (ch, start) -> {
            int first = readFully(ch, 1)[0] & 0xff;
            if (first != HostListCodec.RESP_HOSTLIST) {
                throw new ProtocolException("host list expected, reply byte was " + first);
            }
            List<VmInfo> vms = new ArrayList<>();
            while (true) {
                byte[] record = readFully(ch, HostListCodec.RECORD_LENGTH);
                String name = cString(record, 0);
                String uuid = cString(record, FIELD);
                // the clients stop at the first record with neither name nor UUID: the terminator
                if (name.isEmpty() && uuid.isEmpty()) {
                    return vms;
                }
                vms.add(new VmInfo(name, uuid, VmState.fromCode(record[2 * FIELD] & 0xff)));
            }
        });
    }

    /** What to do with the connection once both sides are authenticated. */
    private interface ReplyReader<T> {
        T read(SocketChannel ch, long startNanos) throws IOException;
    }

    private <T> T exchange(FenceAction action, String domain, long seqno, ReplyReader<T> reader)
            throws IOException {
        Watchdog.Slot watch = slot.get();
        long start = System.nanoTime();
        try (SocketChannel ch = SocketChannel.open()) {
            watch.watch(ch, timeoutNanos);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.connect(daemon);
            authenticate(ch, action, domain, seqno);
            return reader.read(ch, start);
        } catch (AsynchronousCloseException e) {
            if (watch.expired()) {
                throw new SocketTimeoutException("no reply within " + timeoutNanos / 1_000_000 + " ms");
            }
            throw e;
        } finally {
            watch.release();
        }
    }

    /** Runs both challenge–response legs; afterwards the reply follows on {@code ch}. */
    private void authenticate(SocketChannel ch, FenceAction action, String domain, long seqno) throws IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] salt = new byte[6];
        random.nextBytes(salt);
        byte[] request = RequestCodec.encode(action.code(), hash, domain, null, 0, seqno, 0, salt, key);
        if (auth == HashType.NONE) {
            writeFully(ch, request);
            return;
        }
        // The challenge only has to be unpredictable to a daemon that lacks the key; what is measured
        // is the daemon, so the generator spares itself SecureRandom's lock and /dev/urandom read.
        byte[] myChallenge = new byte[FIELD];
        random.nextBytes(myChallenge);
        byte[] first = new byte[RequestCodec.LENGTH + FIELD];
        System.arraycopy(request, 0, first, 0, RequestCodec.LENGTH);
        System.arraycopy(myChallenge, 0, first, RequestCodec.LENGTH, FIELD);
        // one write: fewer segments than fence_virt's two, the same bytes in the same order
        writeFully(ch, first);
        byte[] answer = readFully(ch, FIELD);
        if (!ChallengeResponse.accepts(auth, key, myChallenge, answer)) {
            throw new ProtocolException("the daemon failed our challenge: wrong key or auth algorithm");
        }
        writeFully(ch, ChallengeResponse.answer(auth, key, readFully(ch, FIELD)));
    }

    /**
     * Waits for the daemon to close first, so that it has finished the request before the next one
     * starts and the TIME_WAIT state lands on its side, not on our ephemeral ports.
     */
    private static void drainUntilClosed(SocketChannel ch) throws IOException {
        ByteBuffer sink = ByteBuffer.allocate(64);
        while (ch.read(sink) >= 0) {
            sink.clear();
        }
    }

    private static void writeFully(SocketChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static byte[] readFully(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new EOFException("connection closed after " + b.position() + " of " + n + " bytes");
            }
        }
        return b.array();
    }

    private static String cString(byte[] b, int off) {
        int end = off;
        while (end < off + FIELD && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    /** The daemon broke the protocol or failed authentication. */
    public static final class ProtocolException extends IOException {
        private static final long serialVersionUID = 1L;

        public ProtocolException(String message) {
            super(message);
        }
    }
}
