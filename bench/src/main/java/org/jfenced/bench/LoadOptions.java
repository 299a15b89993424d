package org.jfenced.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jfenced.xvm.wire.HashType;

/**
 * The generator's command line.
 *
 * @param requests when present, stop after this many requests instead of after {@code duration}
 * @param labels free {@code key=value} pairs copied into the JSON, so a runner can tag each result
 * @param attempts how often the measured phase may run when other processes disturb it
 * @param maxBackground the share of the machine's CPU other processes may take before an attempt is
 *     repeated
 * @param daemonPid when present, the daemon's CPU time over the measured phase and its memory after it
 *     are read from /proc and reported
 */
record LoadOptions(String host, int port, Path keyFile, HashType hash, HashType auth, int concurrency,
        Duration duration, Optional<Long> requests, Duration warmup, Mix mix, Duration timeout,
        Optional<Path> json, Map<String, String> labels, Optional<Long> daemonPid, int attempts,
        double maxBackground) {

    static final String USAGE = """
            usage: LoadGenerator --port PORT --key FILE [options]
              --host ADDR          daemon address (default 127.0.0.1)
              --hash ALG           request signature: none|sha1|sha256|sha512 (default sha256)
              --auth ALG           challenge-response: none|sha1|sha256|sha512 (default sha256)
              --concurrency N      closed-loop clients (default 1)
              --duration SECONDS   measured time (default 10)
              --requests N         measure N requests instead of a duration
              --warmup SECONDS     unmeasured load first (default 0)
              --mix SPEC           status:W,offon:W (default %s); a cycle is OFF then ON of one VM
              --timeout SECONDS    connect and read limit per step (default 30)
              --json FILE          also write the result as JSON ("-" for stdout instead of text)
              --label KEY=VALUE    copied into the JSON; repeatable
              --daemon-pid PID     report this local process's CPU time and memory too
              --attempts N         repeat the measured phase up to N times while other processes
                                   take more than --max-background of the CPU (default 1)
              --max-background P   that share in percent (default 10)
            """.formatted(Mix.DEFAULT);

    static LoadOptions parse(String... args) {
        String host = "127.0.0.1";
        Integer port = null;
        Path key = null;
        HashType hash = HashType.SHA256;
        HashType auth = HashType.SHA256;
        int concurrency = 1;
        Duration duration = Duration.ofSeconds(10);
        Optional<Long> requests = Optional.empty();
        Duration warmup = Duration.ZERO;
        Mix mix = Mix.DEFAULT;
        Duration timeout = Duration.ofSeconds(30);
        Optional<Path> json = Optional.empty();
        Map<String, String> labels = new LinkedHashMap<>();
        Optional<Long> daemonPid = Optional.empty();
        int attempts = 1;
        double maxBackground = 0.10;
        for (int i = 0; i < args.length; i++) {
            String opt = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(opt + " needs a value");
            }
            String v = args[++i];
            switch (opt) {
                case "--host" -> host = v;
                case "--port" -> port = positiveInt(opt, v);
                case "--key" -> key = Path.of(v);
                case "--hash" -> hash = HashType.fromConfigName(v);
                case "--auth" -> auth = HashType.fromConfigName(v);
                case "--concurrency" -> concurrency = positiveInt(opt, v);
                case "--duration" -> duration = seconds(opt, v);
                case "--requests" -> requests = Optional.of((long) positiveInt(opt, v));
                case "--warmup" -> warmup = seconds(opt, v);
                case "--mix" -> mix = Mix.parse(v);
                case "--timeout" -> timeout = seconds(opt, v);
                case "--json" -> json = Optional.of(Path.of(v));
                case "--daemon-pid" -> daemonPid = Optional.of((long) positiveInt(opt, v));
                case "--attempts" -> attempts = positiveInt(opt, v);
                case "--max-background" -> maxBackground = positiveInt(opt, v) / 100.0;
                case "--label" -> {
                    int eq = v.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--label wants KEY=VALUE, not " + v);
                    }
                    labels.put(v.substring(0, eq), v.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + opt);
            }
        }
        if (port == null || key == null) {
            throw new IllegalArgumentException("--port and --key are required");
        }
        return new LoadOptions(host, port, key, hash, auth, concurrency, duration, requests, warmup, mix, timeout,
                json, java.util.Collections.unmodifiableMap(labels), daemonPid,
                attempts, maxBackground);
    }

    boolean jsonToStdout() {
        return json.map(p -> p.toString().equals("-")).orElse(false);
    }

    private static int positiveInt(String opt, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException(opt + " wants a positive integer, not " + v);
    }

    private static Duration seconds(String opt, String v) {
        try {
            double s = Double.parseDouble(v);
            if (s >= 0) {
                return Duration.ofMillis(Math.round(s * 1000));
            }
        } catch (NumberFormatException e) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException(opt + " wants seconds >= 0, not " + v);
    }
}
