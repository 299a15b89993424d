package org.jfenced.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.jfenced.spi.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminSocketTest {

    private static final String KEY = "fence_virtd/@admin_socket";

    @TempDir
    Path dir;

    private static ServerSocketChannel bind(Path path) throws Exception {
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(path));
        return s;
    }

    @Test
    void theSocketIsCreatedInANewDirectoryWithMode0660AndTheAdminGroup() throws Exception {
        Path path = dir.resolve("run/jfenced/admin.sock");
        GroupPrincipal daemon = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName("daemon");
        try (AdminSocket s = AdminSocket.claim(path, Optional.of(daemon), KEY)) {
            PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class);
            assertTrue(a.isOther(), "a socket");
            assertEquals("rw-rw----", PosixFilePermissions.toString(a.permissions()));
            assertEquals(daemon, a.group());
            assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(path.getParent())));
            assertFalse(Files.exists(dir.resolve("run/jfenced/admin.sock.new")), "the temporary name is gone");
            try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                assertTrue(c.isConnected());
            }
        }
        assertFalse(Files.exists(path), "closing removes the socket file");
    }

    @Test
    void aStaleSocketFromACrashedDaemonIsReplaced() throws Exception {
        Path path = dir.resolve("admin.sock");
        bind(path).close();
        assertTrue(Files.exists(path), "closing a channel leaves its file, as a killed daemon does");
        try (AdminSocket s = AdminSocket.claim(path, Optional.empty(), KEY);
                SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            assertTrue(c.isConnected());
        }
    }

    @Test
    void aSocketSomeoneServesMeansAnotherDaemonRuns() throws Exception {
        Path path = dir.resolve("admin.sock");
        try (ServerSocketChannel other = bind(path)) {
            ConfigException e = assertThrows(ConfigException.class, () -> AdminSocket.claim(path, Optional.empty(), KEY));
            assertEquals("another daemon serves the admin socket " + path + "; stop it first or set " + KEY
                    + " to another path", e.getMessage());
            try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                assertTrue(c.isConnected(), "the other daemon's socket is left alone");
            }
        }
    }

    @Test
    void aFileThatIsNotASocketIsNeverDeleted() throws Exception {
        Path path = Files.writeString(dir.resolve("admin.sock"), "precious");
        ConfigException e = assertThrows(ConfigException.class, () -> AdminSocket.claim(path, Optional.empty(), KEY));
        assertTrue(e.getMessage().contains("exists and is not a socket"), e.getMessage());
        assertEquals("precious", Files.readString(path));
    }

    @Test
    void aPathTooLongForAUnixSocketIsRefusedUpFront() {
        Path path = dir.resolve("x".repeat(100) + ".sock");
        ConfigException e = assertThrows(ConfigException.class, () -> AdminSocket.claim(path, Optional.empty(), KEY));
        assertTrue(e.getMessage().startsWith(KEY + ": " + path + " is too long for a UNIX socket"), e.getMessage());
    }

    @Test
    void closingLeavesAFileThatTookTheSocketsPlace() throws Exception {
        Path path = dir.resolve("admin.sock");
        AdminSocket s = AdminSocket.claim(path, Optional.empty(), KEY);
        Files.move(Files.writeString(dir.resolve("successor"), "new"), path,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        s.close();
        assertEquals("new", Files.readString(path));
    }
}
