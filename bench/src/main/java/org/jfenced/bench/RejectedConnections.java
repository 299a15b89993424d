package org.jfenced.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What a rejected connection costs a daemon: COUNT loopback connections that each send 176 random bytes
 * (a request no key signed) and wait for the daemon to close, with the daemon's CPU time (user + system,
 * /proc) read before and after. Prints one line: {@code connections=… seconds=… cpu_ms=… cpu_ms_per_connection=…
 * not_closed=…}; {@code not_closed} counts connections the daemon answered with anything but a close,
 * or left open for 10 s.
 *
 * <p>Usage: {@code RejectedConnections --port PORT --pid PID [--count N] [--concurrency C] [--warmup N]}.
 * Loopback only: it connects to 127.0.0.1.
 */
public final class RejectedConnections {

    private static final int REQUEST_BYTES = 176;

    private RejectedConnections() {
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        long pid = 0;
        int count = 30_000;
        int concurrency = 4;
        int warmup = 100_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--pid" -> pid = Long.parseLong(args[i + 1]);
                case "--count" -> count = Integer.parseInt(args[i + 1]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (port <= 0 || pid <= 0 || count < 1 || concurrency < 1 || warmup < 0) {
            System.err.println("usage: RejectedConnections --port PORT --pid PID [--count N] [--concurrency C]"
                    + " [--warmup N]");
            System.exit(64);
        }
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        run(target, warmup, concurrency);
        long cpu0 = ProcFs.cpuNanos(pid);
        long t0 = System.nanoTime();
        long notClosed = run(target, count, concurrency);
        long seconds = System.nanoTime() - t0;
        long cpu = ProcFs.cpuNanos(pid) - cpu0;
        System.out.printf("connections=%d seconds=%.2f cpu_ms=%.0f cpu_ms_per_connection=%.4f not_closed=%d%n", count,
                seconds / 1e9, cpu / 1e6, cpu / 1e6 / count, notClosed);
    }

    /** Runs {@code count} rejected connections over {@code concurrency} threads; how many were not just closed. */
    private static long run(InetSocketAddress target, int count, int concurrency) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<Long>> parts = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                int share = count / concurrency + (t < count % concurrency ? 1 : 0);
                long seed = t;
                parts.add(threads.submit((Callable<Long>) () -> connections(target, share, new Random(seed))));
            }
            long notClosed = 0;
            for (Future<Long> part : parts) {
                notClosed += part.get();
            }
            return notClosed;
        } finally {
            threads.shutdownNow();
        }
    }

    private static long connections(InetSocketAddress target, int count, Random random) throws IOException {
        byte[] garbage = new byte[REQUEST_BYTES];
        long notClosed = 0;
        for (int i = 0; i < count; i++) {
            random.nextBytes(garbage);
            try (Socket s = new Socket()) {
                s.setSoTimeout(10_000);
                s.connect(target, 10_000);
                s.getOutputStream().write(garbage);
                InputStream in = s.getInputStream();
                if (in.read() >= 0) {
                    notClosed++;
                }
            } catch (SocketTimeoutException e) {
                notClosed++;
            } catch (IOException e) {
                // a reset is a rejection too
            }
        }
        return notClosed;
    }
}
