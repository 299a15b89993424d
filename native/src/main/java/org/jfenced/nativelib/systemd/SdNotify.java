package org.jfenced.nativelib.systemd;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.jfenced.nativelib.LibC;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service manager notification protocol ({@code sd_notify}): datagrams such as {@code READY=1} to the
 * AF_UNIX socket named by {@code NOTIFY_SOCKET}. The JDK cannot open AF_UNIX datagram sockets, so this
 * goes through libc. Without {@code NOTIFY_SOCKET} (not started by systemd with {@code Type=notify}) every
 * call does nothing. A failed notification is logged, never thrown: the daemon's work matters more.
 */
public final class SdNotify {
    private static final Logger LOG = LoggerFactory.getLogger(SdNotify.class);
    /** {@code sizeof(struct sockaddr_un)}: sa_family_t then sun_path[108]. */
    private static final int SOCKADDR_UN_SIZE = 110;
    private static final int PATH_OFFSET = 2;

    private static final SdNotify DISABLED = new SdNotify(null, null);

    private final byte[] address;
    private final String socket;
    private final Duration watchdogInterval;

    private SdNotify(String socket, Duration watchdogInterval) {
        this.socket = socket;
        this.address = socket == null ? null : sockaddr(socket);
        this.watchdogInterval = watchdogInterval;
    }

    /** From {@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC} and {@code WATCHDOG_PID} of this process. */
    public static SdNotify fromEnvironment() {
        String watchdogPid = System.getenv("WATCHDOG_PID");
        boolean watchdogForUs = watchdogPid == null || watchdogPid.equals(Long.toString(ProcessHandle.current().pid()));
        String watchdogUsec = watchdogForUs ? System.getenv("WATCHDOG_USEC") : null;
        return forSocket(System.getenv("NOTIFY_SOCKET"), watchdogUsec);
    }

    /**
     * For an explicit {@code NOTIFY_SOCKET} value: a path, or {@code @name} for an abstract socket.
     * {@code null} or an empty or unsupported value gives a notifier that does nothing.
     */
    public static SdNotify forSocket(String notifySocket, String watchdogUsec) {
        if (notifySocket == null || notifySocket.isEmpty()) {
            return DISABLED;
        }
        if (!notifySocket.startsWith("/") && !notifySocket.startsWith("@")) {
            LOG.warn("NOTIFY_SOCKET={} is neither a path nor an abstract socket; not notifying", notifySocket);
            return DISABLED;
        }
        if (notifySocket.getBytes(StandardCharsets.UTF_8).length >= SOCKADDR_UN_SIZE - PATH_OFFSET) {
            LOG.warn("NOTIFY_SOCKET={} is too long for sockaddr_un; not notifying", notifySocket);
            return DISABLED;
        }
        return new SdNotify(notifySocket, parseWatchdog(watchdogUsec));
    }

    public boolean isEnabled() {
        return address != null;
    }

    /** How often the service manager wants {@link #watchdog()}, if it watches this process. */
    public Optional<Duration> watchdogInterval() {
        return Optional.ofNullable(watchdogInterval);
    }

    /** Startup finished: systemd considers the service started. */
    public void ready() {
        send("READY=1");
    }

    /** Shutdown began. */
    public void stopping() {
        send("STOPPING=1");
    }

    /** Still alive: resets the service manager's watchdog timer. */
    public void watchdog() {
        send("WATCHDOG=1");
    }

    /** A one-line status that {@code systemctl status} shows. */
    public void status(String text) {
        send("STATUS=" + text.replace('\n', ' '));
    }

    /** Sends one notification; several assignments may be separated by newlines. */
    public void send(String state) {
        if (address == null) {
            return;
        }
        byte[] message = state.getBytes(StandardCharsets.UTF_8);
        int fd = -1;
        try {
            fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
            LibC.sendto(fd, message, message.length, LibC.MSG_NOSIGNAL, address, address.length);
        } catch (LastErrorException e) {
            LOG.warn("sd_notify {} to {} failed: errno {}", state, socket, e.getErrorCode());
        } finally {
            if (fd >= 0) {
                LibC.close(fd);
            }
        }
    }

    /**
     * {@code struct sockaddr_un} for {@code socket}; an abstract name ({@code @} becomes NUL) is as long as its
     * bytes, with no terminating NUL, or it would name a different socket.
     */
    private static byte[] sockaddr(String socket) {
        byte[] path = socket.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = path[0] == '@';
        if (abstractName) {
            path[0] = 0;
        }
        byte[] address = new byte[PATH_OFFSET + path.length + (abstractName ? 0 : 1)];
        ByteBuffer.wrap(address).order(ByteOrder.nativeOrder()).putShort(0, (short) LibC.AF_UNIX);
        System.arraycopy(path, 0, address, PATH_OFFSET, path.length);
        return address;
    }

    private static Duration parseWatchdog(String usec) {
        if (usec == null || usec.isEmpty()) {
            return null;
        }
        try {
            long micros = Long.parseLong(usec);
            return micros > 0 ? Duration.ofNanos(micros * 1000) : null;
        } catch (NumberFormatException e) {
            LOG.warn("WATCHDOG_USEC={} is not a number; ignoring it", usec);
            return null;
        }
    }
}
