package org.jfenced.systest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jfenced.xvm.wire.ChallengeResponse;
import org.jfenced.xvm.wire.HashType;

/**
 * A stand-in for fence_xvm inside a guest namespace, for what the real client never does: it sends
 * the datagrams it is given (built by the test: truncated, random, replayed, naming unreachable or
 * link-local callback addresses) and then, if asked to, waits for the daemon's callback and either
 * runs the client's side of the exchange or holds the connection without a word.
 *
 * <p>It runs as its own JVM under {@code ip netns exec}, since the test JVM itself stays in the host's
 * namespace. Its output is one line per event: {@code sent N}, {@code no-callback},
 * {@code callback-after-ms N}, {@code reply HEX}, {@code held}, {@code closed-by-daemon}.
 */
final class ScriptedXvmClient {

    private ScriptedXvmClient() {
    }

    /** What to do after sending. */
    enum Mode {
        /** Only send. */
        SEND,
        /** Take the callback and run the exchange, answering with the key. */
        ANSWER,
        /** Take the callback and say nothing for the wait time. */
        SILENT
    }

    /** How the stand-in runs: options as {@code --name value} pairs. */
    static final class Script {
        private final Map<String, String> options = new HashMap<>();
        private final List<byte[]> datagrams = new ArrayList<>();

        Script(String group, int port) {
            options.put("group", group);
            options.put("port", String.valueOf(port));
            options.put("mode", Mode.SEND.name());
        }

        Script send(byte[] datagram) {
            datagrams.add(datagram);
            return this;
        }

        Script sendAll(List<byte[]> more) {
            datagrams.addAll(more);
            return this;
        }

        /** Sends from this address (with {@code %interface} for a link-local one). */
        Script from(String source) {
            options.put("source", source);
            return this;
        }

        /** Listens for the callback on {@code address:port} and then does {@code mode}, for up to {@code wait}. */
        Script callback(String address, int port, Mode mode, Path key, Duration wait) {
            options.put("listen", address);
            options.put("listen-port", String.valueOf(port));
            options.put("mode", mode.name());
            options.put("key", key.toString());
            options.put("wait-ms", String.valueOf(wait.toMillis()));
            return this;
        }

        /** Runs the stand-in in {@code guest} and returns its output. */
        ClientRun runIn(NetNamespace guest) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                    ScriptedXvmClient.class.getName()));
            options.forEach((k, v) -> {
                cmd.add("--" + k);
                cmd.add(v);
            });
            StringBuilder stdin = new StringBuilder();
            // one line per datagram; the marker keeps an empty datagram from being an empty line
            datagrams.forEach(d -> stdin.append('>').append(HexFormat.of().formatHex(d)).append('\n'));
            return guest.run(Duration.ofSeconds(60), stdin.toString(), cmd.toArray(String[]::new));
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].substring(2), args[i + 1]);
        }
        List<byte[]> datagrams = new String(System.in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                .filter(l -> l.startsWith(">")).map(l -> HexFormat.of().parseHex(l.substring(1).trim())).toList();
        Mode mode = Mode.valueOf(o.get("mode"));
        ServerSocket callback = null;
        if (mode != Mode.SEND) {
            callback = new ServerSocket();
            callback.bind(new InetSocketAddress(InetAddress.getByName(o.get("listen")),
                    Integer.parseInt(o.get("listen-port"))), 10);
            callback.setSoTimeout(Integer.parseInt(o.get("wait-ms")));
        }
        InetAddress group = InetAddress.getByName(o.get("group"));
        int port = Integer.parseInt(o.get("port"));
        long start = System.nanoTime();
        try (DatagramSocket out = o.containsKey("source")
                ? new DatagramSocket(new InetSocketAddress(InetAddress.getByName(o.get("source")), 0))
                : new DatagramSocket()) {
            int n = 0;
            for (byte[] d : datagrams) {
                out.send(new DatagramPacket(d, d.length, group, port));
                // a short breath now and then, so a burst does not overflow the daemon's receive buffer
                if (++n % 64 == 0) {
                    Thread.sleep(2);
                }
            }
            System.out.println("sent " + n);
        }
        if (callback == null) {
            return;
        }
        Socket s;
        try {
            s = callback.accept();
        } catch (SocketTimeoutException e) {
            System.out.println("no-callback");
            return;
        } finally {
            callback.close();
        }
        System.out.println("callback-after-ms " + (System.nanoTime() - start) / 1_000_000);
        try (s) {
            if (mode == Mode.ANSWER) {
                System.out.println("reply " + HexFormat.of().formatHex(exchange(s, Files.readAllBytes(Path.of(o.get("key"))))));
            } else {
                s.setSoTimeout(Integer.parseInt(o.get("wait-ms")));
                try {
                    System.out.println(s.getInputStream().read() < 0 ? "closed-by-daemon" : "unexpected-bytes");
                } catch (SocketTimeoutException e) {
                    System.out.println("held");
                }
            }
        }
    }

    /** fence_xvm's side: challenge the daemon first, then answer its challenge, then read to the end. */
    private static byte[] exchange(Socket s, byte[] key) throws IOException {
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        byte[] mine = ChallengeResponse.newChallenge();
        out.write(mine);
        out.flush();
        if (!ChallengeResponse.accepts(HashType.SHA256, key, mine, in.readNBytes(ChallengeResponse.LENGTH))) {
            throw new IOException("the daemon failed the client's challenge");
        }
        out.write(ChallengeResponse.answer(HashType.SHA256, key, in.readNBytes(ChallengeResponse.LENGTH)));
        out.flush();
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        in.transferTo(reply);
        return reply.toByteArray();
    }
}
