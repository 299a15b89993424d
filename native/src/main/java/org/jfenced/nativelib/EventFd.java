package org.jfenced.nativelib;

import com.sun.jna.LastErrorException;

/**
 * An eventfd polled next to a corosync fd, so another thread can wake the dispatch thread: finalizing a
 * handle from another thread does not wake a blocked dispatch, and closing the fd under poll is unsafe.
 */
public final class EventFd implements AutoCloseable {
    private final int fd;

    public EventFd() {
        this.fd = LibC.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
    }

    public int fd() {
        return fd;
    }

    public void signal() {
        LibC.write(fd, new long[] {1}, 8);
    }

    /** Clears pending signals so the next poll blocks again. */
    public void drain() {
        try {
            LibC.read(fd, new long[1], 8);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != LibC.EAGAIN) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        LibC.close(fd);
    }
}
