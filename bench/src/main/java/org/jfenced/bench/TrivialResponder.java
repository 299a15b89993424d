package org.jfenced.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;
import org.jfenced.xvm.wire.ChallengeResponse;
import org.jfenced.xvm.wire.HashType;
import org.jfenced.xvm.wire.HostListCodec;
import org.jfenced.xvm.wire.RequestCodec;

/**
 * A stand-in daemon that speaks the fence_virt TCP protocol with as little work as it can: it answers
 * the client's challenge (the client checks that), but checks neither the request's signature nor the
 * client's answer, has no backend, and answers every request with 0 and the host list with N running
 * VMs. The load generator's throughput against it is the generator's own ceiling.
 */
public final class TrivialResponder implements AutoCloseable {

    private final ServerSocket server;
    private final byte[] key;
    private final HashType auth;
    private final byte[] hostList;
    private final ExecutorService sessions = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "responder-session");
        t.setDaemon(true);
        return t;
    });
    private final Thread acceptor;

    private TrivialResponder(ServerSocket server, byte[] key, HashType auth, int vms) {
        this.server = server;
        this.key = key.clone();
        this.auth = auth;
        this.hostList = HostListCodec.encode(runningVms(vms));
        this.acceptor = new Thread(this::acceptLoop, "responder-accept");
        acceptor.setDaemon(true);
    }

    /** Listens on 127.0.0.1:{@code port} (0 picks a free port) and serves until closed. */
    public static TrivialResponder start(int port, byte[] key, HashType auth, int vms) throws IOException {
        ServerSocket s = new ServerSocket(port, 1024, InetAddress.getLoopbackAddress());
        TrivialResponder r = new TrivialResponder(s, key, auth, vms);
        r.acceptor.start();
        return r;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code vm-00000}, {@code vm-00001}, …, all running. */
    static List<VmInfo> runningVms(int count) {
        List<VmInfo> vms = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            vms.add(new VmInfo(String.format(Locale.ROOT, "vm-%05d", i),
                    String.format(Locale.ROOT, "00000000-0000-4000-8000-%012d", i), VmState.RUNNING));
        }
        return vms;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sessions.execute(() -> serve(s));
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                System.err.println("TrivialResponder: accept failed: " + e);
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] request = readFully(in, RequestCodec.LENGTH);
            if (auth != HashType.NONE) {
                byte[] theirs = readFully(in, ChallengeResponse.LENGTH);
                byte[] both = new byte[2 * ChallengeResponse.LENGTH];
                System.arraycopy(ChallengeResponse.answer(auth, key, theirs), 0, both, 0, ChallengeResponse.LENGTH);
                byte[] mine = new byte[ChallengeResponse.LENGTH];
                ThreadLocalRandom.current().nextBytes(mine);
                System.arraycopy(mine, 0, both, ChallengeResponse.LENGTH, ChallengeResponse.LENGTH);
                out.write(both);
                readFully(in, ChallengeResponse.LENGTH);
            }
            out.write(request[0] == FenceAction.HOSTLIST.code() ? hostList : new byte[] {0});
        } catch (IOException e) {
            // a client that goes away mid-exchange costs only its own session
        }
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException();
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        server.close();
        sessions.shutdownNow();
    }

    /** {@code TrivialResponder --port PORT --key FILE [--auth ALG] [--vms N]}: serves until killed. */
    public static void main(String[] args) throws Exception {
        int port = 0;
        Path keyFile = null;
        HashType auth = HashType.SHA256;
        int vms = 100;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--key" -> keyFile = Path.of(args[i + 1]);
                case "--auth" -> auth = HashType.fromConfigName(args[i + 1]);
                case "--vms" -> vms = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (keyFile == null || args.length % 2 != 0) {
            System.err.println("usage: TrivialResponder --port PORT --key FILE [--auth ALG] [--vms N]");
            System.exit(64);
        }
        try (TrivialResponder r = start(port, KeyMaterial.read(keyFile), auth, vms)) {
            System.out.println("TrivialResponder listening on 127.0.0.1:" + r.port());
            r.acceptor.join();
        }
    }
}
