package org.jfenced.nativelib.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jfenced.nativelib.CorosyncException;
import org.jfenced.nativelib.cpg.CpgGroup;
import org.jfenced.nativelib.cpg.CpgListener;
import org.jfenced.nativelib.cpg.CpgMember;
import org.jfenced.nativelib.cpg.CpgMemberChange;

/**
 * Measures multicast → own delivery through {@link CpgGroup}, the way the C baseline does: each message carries
 * a sequence number, and the next one goes out only when the previous one came back.
 *
 * <p>With an {@link Answerer} on another node the probe measures request → reply instead: the same message is
 * a request, and the round trip ends when the answerer's reply to it is delivered — two deliveries in a row,
 * which is what a request answered by another member costs at least.
 */
final class RoundTripProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Byte 8 of a message: 0 for a request (or a plain round trip), 1 for an answerer's reply. */
    private static final int KIND = 8;
    private static final byte REPLY = 1;

    private RoundTripProbe() {
    }

    /**
     * A caller thread sends and parks; the dispatch thread unparks it on delivery. This is what a request from
     * a network thread waiting for its own message pays, thread hand-off included.
     */
    static double[] fromCallerThread(String group, int count, int warmup, int size) throws Exception {
        return fromCallerThread(group, count, warmup, size, false);
    }

    /** @param awaitReply whether the round trip ends at an answerer's reply rather than at the own delivery */
    static double[] fromCallerThread(String group, int count, int warmup, int size, boolean awaitReply) throws Exception {
        Thread caller = Thread.currentThread();
        long[] delivered = {-1};
        CpgListener listener = new QuietListener() {
            @Override
            public void onMessage(int nodeId, int pid, byte[] message) {
                if (awaitReply && message[KIND] != REPLY) {
                    return;
                }
                synchronized (delivered) {
                    delivered[0] = sequence(message);
                }
                LockSupport.unpark(caller);
            }
        };
        double[] samples = new double[count];
        byte[] message = new byte[size];
        try (CpgGroup cpg = CpgGroup.join(group, listener)) {
            for (long seq = 0; seq < count + warmup; seq++) {
                ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN).putLong(0, seq);
                long start = System.nanoTime();
                cpg.send(message);
                long deadline = start + TIMEOUT.toNanos();
                while (true) {
                    synchronized (delivered) {
                        if (delivered[0] == seq) {
                            break;
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("message " + seq + " not delivered within " + TIMEOUT);
                    }
                    LockSupport.parkNanos(1_000_000);
                }
                if (seq >= warmup) {
                    samples[(int) (seq - warmup)] = (System.nanoTime() - start) / 1000.0;
                }
            }
        }
        return samples;
    }

    /**
     * The listener sends the next message from the dispatch thread as soon as the previous one is delivered:
     * no hand-off, the same shape as the C program's mcast-then-dispatch loop.
     */
    static double[] fromDispatchThread(String group, int count, int warmup, int size) throws Exception {
        return fromDispatchThread(group, count, warmup, size, false);
    }

    /** @param awaitReply whether the round trip ends at an answerer's reply rather than at the own delivery */
    static double[] fromDispatchThread(String group, int count, int warmup, int size, boolean awaitReply) throws Exception {
        double[] samples = new double[count];
        CompletableFuture<Void> done = new CompletableFuture<>();
        CpgGroup[] cpg = new CpgGroup[1];
        long[] sentAt = new long[1];
        byte[] next = new byte[size];
        CpgListener listener = new QuietListener() {
            @Override
            public void onMessage(int nodeId, int pid, byte[] message) {
                if (awaitReply && message[KIND] != REPLY) {
                    return;
                }
                long now = System.nanoTime();
                long seq = sequence(message);
                if (seq >= warmup) {
                    samples[(int) (seq - warmup)] = (now - sentAt[0]) / 1000.0;
                }
                if (seq + 1 == count + warmup) {
                    done.complete(null);
                    return;
                }
                try {
                    send(cpg[0], next, seq + 1, sentAt);
                } catch (CorosyncException e) {
                    done.completeExceptionally(e);
                }
            }
        };
        try (CpgGroup joined = CpgGroup.join(group, listener)) {
            cpg[0] = joined;
            send(joined, next, 0, sentAt);
            done.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        return samples;
    }

    private static void send(CpgGroup cpg, byte[] message, long seq, long[] sentAt) throws CorosyncException {
        ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN).putLong(0, seq);
        sentAt[0] = System.nanoTime();
        cpg.send(message);
    }

    private static long sequence(byte[] message) {
        return ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    /**
     * A member that answers every request of another member with a reply carrying the request's sequence
     * number: from the dispatch thread itself, or — the shape of a daemon whose answer needs work that must
     * not block the dispatch thread — from a worker thread the dispatch thread hands the request to.
     */
    static final class Answerer implements AutoCloseable {
        private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "answerer-worker");
            t.setDaemon(true);
            return t;
        });
        private volatile boolean handOff;
        private volatile Throwable failure;
        private volatile CpgGroup cpg;

        /** Joins {@code group} in the calling thread's network namespace. */
        static Answerer join(String group) throws CorosyncException {
            Answerer answerer = new Answerer();
            answerer.cpg = CpgGroup.join(group, answerer.new Listener());
            return answerer;
        }

        /** Whether replies leave from the worker thread from now on. */
        void handOff(boolean fromWorker) {
            handOff = fromWorker;
        }

        /** Throws what went wrong while answering, so that a benchmark never reports rounds that were not answered. */
        void check() {
            if (failure != null) {
                throw new IllegalStateException("the answerer failed", failure);
            }
        }

        @Override
        public void close() {
            worker.shutdownNow();
            cpg.close();
        }

        private void reply(byte[] request) {
            byte[] reply = request.clone();
            reply[KIND] = REPLY;
            try {
                cpg.send(reply);
            } catch (CorosyncException | RuntimeException e) {
                failure = e;
            }
        }

        private final class Listener extends QuietListener {
            @Override
            public void onMessage(int nodeId, int pid, byte[] message) {
                if (message[KIND] == REPLY || cpg.self().equals(new CpgMember(nodeId, pid))) {
                    return;
                }
                if (handOff) {
                    worker.execute(() -> reply(message));
                } else {
                    reply(message);
                }
            }
        }
    }

    /** Ignores membership; the probe only cares about its own messages. */
    abstract static class QuietListener implements CpgListener {
        @Override
        public void onMembership(List<CpgMember> members, List<CpgMemberChange> joined, List<CpgMemberChange> left) {
        }
    }
}
