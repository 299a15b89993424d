package org.jfenced.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.jfenced.spi.FenceAction;
import org.jfenced.xvm.wire.HashType;

/**
 * Measures how soon a daemon answers after it was started: prints {@code probing} once this JVM is
 * ready, then sends STATUS requests every millisecond until one gets a valid status reply (0 or 2) and
 * prints the wall-clock time of that reply. The runner starts the daemon after seeing {@code probing},
 * so this JVM's own start-up is not counted.
 *
 * <p>{@code FirstAnswer --port PORT --key FILE --domain VM [--give-up SECONDS]}
 */
public final class FirstAnswer {

    private FirstAnswer() {
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        Path key = null;
        String domain = null;
        long giveUpSeconds = 60;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--key" -> key = Path.of(args[i + 1]);
                case "--domain" -> domain = args[i + 1];
                case "--give-up" -> giveUpSeconds = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (port == 0 || key == null || domain == null || args.length % 2 != 0) {
            System.err.println("usage: FirstAnswer --port PORT --key FILE --domain VM [--give-up SECONDS]");
            System.exit(64);
        }
        FenceTcpClient client = new FenceTcpClient(new InetSocketAddress("127.0.0.1", port),
                KeyMaterial.read(key), HashType.SHA256, HashType.SHA256, Duration.ofSeconds(5));
        // the first request's class loading and JIT warm-up happen here, not after the daemon starts
        tryOnce(client, domain, new Seqnos());
        System.out.println("probing");
        System.out.flush();
        Seqnos seqnos = new Seqnos();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(giveUpSeconds);
        int attempts = 0;
        while (System.nanoTime() - deadline < 0) {
            attempts++;
            int code = tryOnce(client, domain, seqnos);
            if (code == 0 || code == 2) {
                Instant at = Instant.now();
                long micros = at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
                System.out.println("answered_at_epoch_us=" + micros + " code=" + code + " attempts=" + attempts);
                return;
            }
            Thread.sleep(1);
        }
        System.err.println("FirstAnswer: no answer within " + giveUpSeconds + " s");
        System.exit(1);
    }

    /** The reply byte, or -1 when there was none (nothing listening yet, connection dropped). */
    private static int tryOnce(FenceTcpClient client, String domain, Seqnos seqnos) {
        try {
            return client.request(FenceAction.STATUS, domain, seqnos.next()).code();
        } catch (IOException e) {
            return -1;
        }
    }
}
