package org.jfenced.listener.vsock;

import com.sun.jna.LastErrorException;
import com.sun.jna.Structure;
import java.io.IOException;

/**
 * An {@code AF_VSOCK} stream socket listening on a port for every CID: how a guest reaches its host
 * without a network ({@code fence_virt -S}). Neither the JDK nor netty can create one, hence JNA.
 */
final class VsockServerSocket extends ListeningSocket {

    private static final int BACKLOG = 128;

    private final int port;

    private VsockServerSocket(int fd, int port) {
        super(fd);
        this.port = port;
    }

    /**
     * Binds {@code port} on every CID and listens.
     *
     * @throws IOException with a plain explanation when the kernel has no {@code AF_VSOCK} (no vsock
     *     module, or no transport such as {@code vhost_vsock} on a host), or the port is taken
     */
    static VsockServerSocket listen(int port) throws IOException {
        int fd;
        try {
            fd = Sockets.socket(SockaddrVm.AF_VSOCK, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw socketFailed(e);
        }
        try {
            bindAndListen(fd, SockaddrVm.of(SockaddrVm.VMADDR_CID_ANY, port), BACKLOG);
        } catch (LastErrorException e) {
            throw new IOException("cannot listen on vsock port " + port + ": " + e.getMessage(), e);
        }
        return new VsockServerSocket(fd, port);
    }

    /** Why no vsock socket could be made, in words an operator can act on. */
    static IOException socketFailed(LastErrorException e) {
        if (e.getErrorCode() == Sockets.EAFNOSUPPORT) {
            return new IOException("this kernel has no AF_VSOCK sockets: load the vsock modules (vhost_vsock"
                    + " on a KVM host) or use another listener", e);
        }
        return new IOException("cannot create an AF_VSOCK socket: " + e.getMessage(), e);
    }

    @Override
    Structure newPeerAddress() {
        return new SockaddrVm();
    }

    @Override
    String peerOf(Structure address) {
        return ((SockaddrVm) address).cid();
    }

    @Override
    String endpoint() {
        return "vsock port " + port;
    }
}
