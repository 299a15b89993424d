package org.jfenced.systest;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The held-connection attack, bounded and loopback only: keeps a number of connections to a local TCP
 * port or UNIX socket open, some idle and some with the first bytes of a request sent, and opens a new
 * one as soon as the server closes one — what a local user who wants to keep others out would do. Runs
 * inside a test, or as a process of its own (as another user, through setpriv) by {@link #main}.
 *
 * <p>Only the JDK is used, so the class files alone make it runnable.
 */
final class ConnectionFlood implements AutoCloseable {

    static final int MAX_CONNECTIONS = 5000;
    private static final int THREADS = 4;
    private static final int MAX_SECONDS = 600;

    private final SocketAddress target;
    private final byte[] firstBytes;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicInteger holding = new AtomicInteger();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong closedByServer = new AtomicLong();
    private final AtomicLong failedConnects = new AtomicLong();
    private volatile boolean stopped;

    private ConnectionFlood(SocketAddress target, byte[] firstBytes) {
        this.target = target;
        this.firstBytes = firstBytes.clone();
    }

    /**
     * Starts holding {@code idle} silent connections and {@code partial} that have sent {@code firstBytes}.
     *
     * @param target a loopback TCP address or a UNIX socket
     */
    static ConnectionFlood start(SocketAddress target, int idle, int partial, byte[] firstBytes) {
        if (target instanceof InetSocketAddress inet && (inet.getAddress() == null
                || !inet.getAddress().isLoopbackAddress())) {
            throw new IllegalArgumentException("only loopback targets: " + target);
        }
        if (idle < 0 || partial < 0 || idle + partial > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("0 to " + MAX_CONNECTIONS + " connections, not " + idle + " + " + partial);
        }
        ConnectionFlood flood = new ConnectionFlood(target, firstBytes);
        for (int t = 0; t < THREADS; t++) {
            int idleShare = share(idle, t);
            int partialShare = share(partial, t);
            Thread worker = new Thread(() -> flood.hold(idleShare, partialShare), "flood-" + t);
            worker.setDaemon(true);
            flood.workers.add(worker);
            worker.start();
        }
        return flood;
    }

    private static int share(int total, int thread) {
        return total / THREADS + (thread < total % THREADS ? 1 : 0);
    }

    int holding() {
        return holding.get();
    }

    long opened() {
        return opened.get();
    }

    long closedByServer() {
        return closedByServer.get();
    }

    long failedConnects() {
        return failedConnects.get();
    }

    /** Waits until {@code count} connections have been opened in all; false if that did not happen in time. */
    boolean awaitOpened(long count, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (opened.get() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public String toString() {
        return "flood of " + target + ": holding " + holding() + ", opened " + opened() + ", closed by the server "
                + closedByServer() + ", failed connects " + failedConnects();
    }

    private void hold(int idle, int partial) {
        try (Selector selector = Selector.open()) {
            int[] missing = {idle, partial};
            ByteBuffer sink = ByteBuffer.allocate(4096);
            while (!stopped) {
                refill(selector, missing);
                selector.select(key -> serve(key, missing, sink), 20);
            }
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
        } catch (IOException e) {
            throw new IllegalStateException("flood worker failed", e);
        }
    }

    /** Opens what is missing; a connect the server refuses is tried again on the next round. */
    private void refill(Selector selector, int[] missing) {
        for (int kind = 0; kind < 2; kind++) {
            while (missing[kind] > 0 && !stopped) {
                SocketChannel ch = null;
                try {
                    ch = SocketChannel.open(family());
                    ch.connect(target);
                    if (kind == 1) {
                        ch.write(ByteBuffer.wrap(firstBytes));
                    }
                    ch.configureBlocking(false);
                    ch.register(selector, SelectionKey.OP_READ, kind);
                } catch (IOException e) {
                    failedConnects.incrementAndGet();
                    closeQuietly(ch);
                    return;
                }
                missing[kind]--;
                opened.incrementAndGet();
                holding.incrementAndGet();
            }
        }
    }

    private StandardProtocolFamily family() {
        if (target instanceof InetSocketAddress inet) {
            return inet.getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        }
        return StandardProtocolFamily.UNIX;
    }

    private void serve(SelectionKey key, int[] missing, ByteBuffer sink) {
        SocketChannel ch = (SocketChannel) key.channel();
        boolean gone;
        try {
            sink.clear();
            gone = ch.read(sink) < 0;
        } catch (IOException e) {
            gone = true;
        }
        if (gone) {
            key.cancel();
            closeQuietly(ch);
            missing[(Integer) key.attachment()]++;
            closedByServer.incrementAndGet();
            holding.decrementAndGet();
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException e) {
            // closing a connection the flood gives up on: nothing to do about it
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        for (Thread worker : workers) {
            worker.join(10_000);
        }
    }

    /**
     * {@code ConnectionFlood (--unix PATH | --tcp PORT) IDLE PARTIAL SECONDS}: floods 127.0.0.1:PORT or
     * the socket PATH for at most SECONDS (up to 600), or until standard input closes; prints
     * {@code flooding} once it has opened IDLE + PARTIAL connections, and its counters when it ends. A partial connection sends
     * the first byte of a 100-byte request.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: ConnectionFlood (--unix PATH | --tcp PORT) IDLE PARTIAL SECONDS");
            System.exit(64);
        }
        SocketAddress target = args[0].equals("--unix") ? UnixDomainSocketAddress.of(Path.of(args[1]))
                : new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]));
        int idle = Integer.parseInt(args[2]);
        int partial = Integer.parseInt(args[3]);
        long seconds = Math.min(MAX_SECONDS, Long.parseLong(args[4]));
        try (ConnectionFlood flood = start(target, idle, partial, new byte[] {100})) {
            Thread parentGone = new Thread(() -> awaitEndOfInput(flood), "stdin");
            parentGone.setDaemon(true);
            parentGone.start();
            if (flood.awaitOpened(idle + partial, TimeUnit.SECONDS.toMillis(seconds))) {
                System.out.println("flooding, holding " + flood.holding());
                System.out.flush();
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!flood.stopped && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            flood.stopped = true;
            System.out.println(flood);
        }
    }

    private static void awaitEndOfInput(ConnectionFlood flood) {
        try {
            InputStream in = System.in;
            while (in.read() >= 0) {
                // the parent writes nothing; end of input means it is gone
            }
        } catch (IOException e) {
            // same as end of input
        }
        flood.stopped = true;
    }
}
