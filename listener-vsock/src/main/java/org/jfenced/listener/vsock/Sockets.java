package org.jfenced.listener.vsock;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;

/** The libc socket calls the vsock listener makes, directly mapped. */
final class Sockets {

    static final int SOCK_STREAM = 1;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOCK_NONBLOCK = 0x800;
    static final int EINTR = 4;
    static final int EAFNOSUPPORT = 97;
    static final int POLLIN = 0x001;

    static {
        Native.register(Sockets.class, "c");
    }

    private Sockets() {
    }

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, Structure address, int length) throws LastErrorException;

    static native int listen(int fd, int backlog) throws LastErrorException;

    static native int accept4(int fd, Structure address, IntByReference length, int flags) throws LastErrorException;

    /** {@code struct pollfd} as two ints: the descriptor, then events (low half) and revents (high half). */
    static native int poll(int[] pollfd, long nfds, int timeoutMs) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;
}
