package org.jfenced.listener.vsock;

import com.sun.jna.LastErrorException;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The vsock listener's socket with {@code AF_UNIX} in place of {@code AF_VSOCK}: the same libc calls,
 * poll rounds and descriptors, on a transport this machine has. Every peer is reported as {@code peer},
 * as a guest's CID would be.
 */
final class UnixServerSocket extends ListeningSocket {

    private static final int AF_UNIX = 1;

    /** {@code struct sockaddr_un}. */
    @FieldOrder({"sun_family", "sun_path"})
    public static final class SockaddrUn extends Structure {
        public short sun_family;
        public byte[] sun_path = new byte[108];
    }

    private final Path path;
    private final String peer;

    private UnixServerSocket(int fd, Path path, String peer) {
        super(fd);
        this.path = path;
        this.peer = peer;
    }

    static UnixServerSocket listen(Path path, String peer) throws IOException {
        try {
            int fd = Sockets.socket(AF_UNIX, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0);
            SockaddrUn address = new SockaddrUn();
            address.sun_family = AF_UNIX;
            byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
            System.arraycopy(p, 0, address.sun_path, 0, p.length);
            address.write();
            bindAndListen(fd, address, 16);
            return new UnixServerSocket(fd, path, peer);
        } catch (LastErrorException e) {
            throw new IOException("cannot listen on " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    Structure newPeerAddress() {
        return new SockaddrUn();
    }

    @Override
    String peerOf(Structure address) {
        return peer;
    }

    @Override
    String endpoint() {
        return "unix " + path;
    }
}
