package org.jfenced.listener.vsock;

import com.sun.jna.LastErrorException;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;

/**
 * A listening stream socket made with libc calls, handing out each accepted connection as a file
 * descriptor and its peer. Accepting polls in short rounds, so that {@link #close()} takes effect
 * within one round and the descriptor is never closed under a thread still using it.
 */
abstract class ListeningSocket implements AutoCloseable {

    /** One accepted, non-blocking connection: its descriptor (now the caller's to close) and the peer as the ACL sees it. */
    record Accepted(int fd, String peer) {
    }

    private static final int POLL_MILLIS = 250;

    private final int fd;
    private final Object lock = new Object();
    private volatile boolean closed;
    private boolean released;

    ListeningSocket(int fd) {
        this.fd = fd;
    }

    /** Binds {@code address} to the new socket {@code fd} and listens; closes {@code fd} on failure. */
    static void bindAndListen(int fd, Structure address, int backlog) throws LastErrorException {
        try {
            Sockets.bind(fd, address, address.size());
            Sockets.listen(fd, backlog);
        } catch (LastErrorException e) {
            Sockets.close(fd);
            throw e;
        }
    }

    /** A fresh structure to receive a peer's address. */
    abstract Structure newPeerAddress();

    /** The peer, for the groups ACL, from the address {@link #newPeerAddress()} received. */
    abstract String peerOf(Structure address);

    /** Where it listens, for logs. */
    abstract String endpoint();

    /** Blocks until a connection arrives; throws once the socket is closed. */
    Accepted accept() throws IOException {
        int[] pollfd = {fd, Sockets.POLLIN};
        while (true) {
            synchronized (lock) {
                if (closed) {
                    throw new IOException(endpoint() + " closed");
                }
                try {
                    pollfd[1] = Sockets.POLLIN;
                    if (Sockets.poll(pollfd, 1, POLL_MILLIS) > 0) {
                        Structure peer = newPeerAddress();
                        // non-blocking: netty's epoll loop reads each connection until it would block
                        int conn = Sockets.accept4(fd, peer, new IntByReference(peer.size()),
                                Sockets.SOCK_CLOEXEC | Sockets.SOCK_NONBLOCK);
                        peer.read();
                        return new Accepted(conn, peerOf(peer));
                    }
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != Sockets.EINTR) {
                        throw new IOException("accept on " + endpoint() + ": " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    /** Stops listening; a thread in {@link #accept()} gets an exception within a poll round. */
    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            if (!released) {
                released = true;
                Sockets.close(fd);
            }
        }
    }
}
