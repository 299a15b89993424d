package org.jfenced.systest;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ThreadLocalRandom;
import org.jfenced.xvm.wire.ChallengeResponse;
import org.jfenced.xvm.wire.HashType;
import org.jfenced.xvm.wire.RequestCodec;

/**
 * fence_virt's TCP exchange, in process, for timing a daemon without a client process start in every
 * sample: the signed 176-byte request, the client's challenge and the daemon's, then the reply byte. A
 * connection made on a thread inside a network namespace reaches that namespace's 127.0.0.1.
 */
final class TcpFenceClient {

    private final int port;
    private final byte[] key;
    private long seqno = ThreadLocalRandom.current().nextInt(1 << 30);

    TcpFenceClient(int port, byte[] key) {
        this.port = port;
        this.key = key.clone();
    }

    /** One request; returns the reply byte. Each call uses a new seqno, so no daemon takes it for a retransmission. */
    int request(int action, String vm, int timeoutMillis) throws IOException {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            byte[] random = new byte[6];
            ThreadLocalRandom.current().nextBytes(random);
            byte[] request = RequestCodec.encode(action, HashType.SHA256, vm, null, 0, ++seqno, 0, random, key);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] mine = ChallengeResponse.newChallenge();
            out.write(request);
            out.write(mine);
            out.flush();
            byte[] proof = new byte[ChallengeResponse.LENGTH];
            in.readFully(proof);
            if (!ChallengeResponse.accepts(HashType.SHA256, key, mine, proof)) {
                throw new IOException("the daemon does not know the key");
            }
            byte[] theirs = new byte[ChallengeResponse.LENGTH];
            in.readFully(theirs);
            out.write(ChallengeResponse.answer(HashType.SHA256, key, theirs));
            out.flush();
            int reply = in.read();
            if (reply < 0) {
                throw new IOException("the daemon closed the connection without a reply");
            }
            return reply;
        }
    }
}
