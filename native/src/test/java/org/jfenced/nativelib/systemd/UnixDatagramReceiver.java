package org.jfenced.nativelib.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jfenced.nativelib.LibC;

/** A bound AF_UNIX datagram socket, standing in for systemd's notification socket. */
public final class UnixDatagramReceiver implements AutoCloseable {
    static {
        Native.register(UnixDatagramReceiver.class, "c");
    }

    private final int fd;

    /** {@code name}: a path, or {@code @name} for an abstract socket. */
    public UnixDatagramReceiver(String name) {
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = path[0] == '@';
        if (abstractName) {
            path[0] = 0;
        }
        byte[] address = new byte[2 + path.length + (abstractName ? 0 : 1)];
        ByteBuffer.wrap(address).order(ByteOrder.nativeOrder()).putShort(0, (short) LibC.AF_UNIX);
        System.arraycopy(path, 0, address, 2, path.length);
        fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        bind(fd, address, address.length);
    }

    private static native int bind(int fd, byte[] address, int length) throws LastErrorException;

    private static native long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    /** The next datagram, or null if none arrives within {@code timeout}. */
    public String receive(Duration timeout) {
        Memory pollFd = new Memory(8);
        pollFd.setInt(0, fd);
        pollFd.setShort(4, LibC.POLLIN);
        pollFd.setShort(6, (short) 0);
        if (LibC.poll(pollFd, 1, (int) timeout.toMillis()) == 0) {
            return null;
        }
        byte[] buffer = new byte[4096];
        long length = recv(fd, buffer, buffer.length, 0);
        return new String(buffer, 0, (int) length, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        LibC.close(fd);
    }
}
