package org.jfenced.nativelib;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** The few libc calls the bindings need, directly mapped (no proxy on the dispatch hot path). */
public final class LibC {
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;

    public static final short POLLIN = 0x001;
    public static final short POLLERR = 0x008;
    public static final short POLLHUP = 0x010;
    public static final short POLLNVAL = 0x020;

    public static final int EFD_CLOEXEC = 0x80000;
    public static final int EFD_NONBLOCK = 0x800;

    public static final int AF_UNIX = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int MSG_NOSIGNAL = 0x4000;

    static {
        Native.register(LibC.class, "c");
    }

    private LibC() {
    }

    /** {@code struct pollfd} array at {@code fds}: 8 bytes each (int fd, short events, short revents). */
    public static native int poll(Pointer fds, long nfds, int timeoutMs) throws LastErrorException;

    public static native int eventfd(int initval, int flags) throws LastErrorException;

    public static native long read(int fd, long[] buf, long count) throws LastErrorException;

    public static native long write(int fd, long[] buf, long count) throws LastErrorException;

    public static native int close(int fd) throws LastErrorException;

    public static native int socket(int domain, int type, int protocol) throws LastErrorException;

    public static native long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen)
            throws LastErrorException;
}
