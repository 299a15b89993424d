package org.jfenced.admin;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Objects;
import java.util.Optional;
import org.jfenced.spi.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin socket's file: claimed once per daemon. A socket left by a daemon that died (SIGKILL, power
 * loss) refuses connections and is replaced; one that accepts means another daemon serves it, and this
 * one must not start.
 *
 * <p>The socket is bound under a temporary name, given mode 0660 and the admin group, and only then
 * renamed into place, so that at no moment can a client reach it with the umask's permissions.
 */
public final class AdminSocket implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminSocket.class);
    /** sun_path holds 108 bytes including the terminating NUL. */
    private static final int MAX_PATH_BYTES = 107;
    /**
     * Room for more connections than anyone holding them could have in the queue at once, so a full queue
     * never makes a client's connect wait (the kernel caps it at net.core.somaxconn, 4096 by default).
     */
    private static final int BACKLOG = 4096;

    private final Path path;
    private final ServerSocketChannel server;
    private final Object fileKey;
    private final UserPrincipal owner;

    private AdminSocket(Path path, ServerSocketChannel server, Object fileKey, UserPrincipal owner) {
        this.path = path;
        this.server = server;
        this.fileKey = fileKey;
        this.owner = owner;
    }

    /**
     * Binds {@code path}, creating its directory (mode 0755) when missing.
     *
     * @param group the group that may connect besides the owner, if any
     * @param key the config key that named the path, for messages
     */
    public static AdminSocket claim(Path path, Optional<GroupPrincipal> group, String key) throws ConfigException {
        Path abs = path.toAbsolutePath();
        Path temp = abs.resolveSibling(abs.getFileName() + ".new");
        if (temp.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new ConfigException(key + ": " + abs + " is too long for a UNIX socket (at most "
                    + (MAX_PATH_BYTES - ".new".length()) + " bytes)");
        }
        try {
            Files.createDirectories(abs.getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            refuseIfServed(abs, key);
            Files.deleteIfExists(temp);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                server.bind(UnixDomainSocketAddress.of(temp), BACKLOG);
                PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
                view.setPermissions(PosixFilePermissions.fromString("rw-rw----"));
                if (group.isPresent()) {
                    view.setGroup(group.get());
                }
                Files.move(temp, abs, StandardCopyOption.ATOMIC_MOVE);
                BasicFileAttributes attrs = Files.readAttributes(abs, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                return new AdminSocket(abs, server, attrs.fileKey(), Files.getOwner(abs, LinkOption.NOFOLLOW_LINKS));
            } catch (IOException | RuntimeException e) {
                server.close();
                Files.deleteIfExists(temp);
                throw e;
            }
        } catch (IOException e) {
            throw new ConfigException(key + ": cannot create the admin socket " + abs + ": " + e, e);
        }
    }

    private static void refuseIfServed(Path path, String key) throws ConfigException, IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
            throw new ConfigException(key + ": " + path + " exists and is not a socket; remove it or choose another path");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw new ConfigException("another daemon serves the admin socket " + path + "; stop it first or set "
                    + key + " to another path");
        } catch (ConnectException e) {
            LOG.info("replacing the stale admin socket {} (its daemon did not stop cleanly)", path);
        }
    }

    public Path path() {
        return path;
    }

    /** The user the socket file belongs to: the user the daemon runs as. */
    public UserPrincipal owner() {
        return owner;
    }

    /** Lets {@code selector} report waiting clients; from then on {@link #accept} does not wait. */
    public void register(Selector selector) throws IOException {
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    /**
     * The next client: waits for one, or once {@linkplain #register registered} answers null when none is
     * waiting. Throws {@link java.nio.channels.ClosedChannelException} after {@link #close}.
     */
    public SocketChannel accept() throws IOException {
        return server.accept();
    }

    /** Stops accepting and removes the file, unless something else has taken its place meanwhile. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the admin socket: {}", e.toString());
        }
        try {
            BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (Objects.equals(now.fileKey(), fileKey)) {
                Files.delete(path);
            }
        } catch (IOException e) {
            LOG.debug("removing {}: {}", path, e.toString());
        }
    }
}
