package org.jfenced.systest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * A hypervisor host made of files: a key, a libvirt test-driver node file, and fence_virt.conf with
 * the TCP listener on a free loopback port, or with the multicast listener; the admin socket and the
 * journal are in the host's directory.
 */
final class TestHost {

    final Path dir;
    final Path key;
    final Path nodeFile;
    final Path adminSocket;
    final int port;

    TestHost(Path dir) {
        this.dir = dir;
        this.key = dir.resolve("fence_xvm.key");
        this.nodeFile = dir.resolve("node.xml");
        this.adminSocket = dir.resolve("admin.sock");
        this.port = JfencedProcess.freePort();
        writeKey(key, 4096);
        copyResource("node.xml", nodeFile);
    }

    /**
     * A config with a TCP listener ({@code listenerExtra} goes into its block), the libvirt backend and
     * the admin socket ({@code daemonExtra} goes into the {@code fence_virtd} block).
     */
    Path config(String name, String daemonExtra, String listenerExtra, String uri, String extraBlocks) {
        String text = """
                fence_virtd {
                	listener = "tcp";
                	backend = "libvirt";
                	admin_socket = "%s";
                	journal_dir = "%s";
                %s
                }
                listeners {
                	tcp {
                		address = "127.0.0.1";
                		port = "%d";
                		key_file = "%s";
                %s
                	}
                }
                backends {
                	libvirt {
                		uri = "%s";
                	}
                }
                %s
                """.formatted(adminSocket, dir, daemonExtra, port, key, listenerExtra, uri, extraBlocks);
        return writePrivate(dir.resolve(name), text);
    }

    Path config(String name, String listenerExtra, String uri, String extraBlocks) {
        return config(name, "", listenerExtra, uri, extraBlocks);
    }

    Path config(String listenerExtra, String extraBlocks) {
        return config("fence_virt.conf", listenerExtra, "test://" + nodeFile, extraBlocks);
    }

    /**
     * A config with the multicast listener ({@code listenerExtra} goes into its block, which names only
     * the key otherwise) and the libvirt backend on the test driver.
     */
    Path multicastConfig(String listenerExtra, String extraBlocks) {
        String text = """
                fence_virtd {
                	listener = "multicast";
                	backend = "libvirt";
                	admin_socket = "%s";
                	journal_dir = "%s";
                }
                listeners {
                	multicast {
                		key_file = "%s";
                %s
                	}
                }
                backends {
                	libvirt {
                		uri = "test://%s";
                	}
                }
                %s
                """.formatted(adminSocket, dir, key, listenerExtra, nodeFile, extraBlocks);
        return writePrivate(dir.resolve("fence_virt.conf"), text);
    }

    FenceVirt client() {
        return new FenceVirt(port, key);
    }

    static Path writeKey(Path file, int bytes) {
        byte[] k = new byte[bytes];
        new SecureRandom().nextBytes(k);
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, k);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return file;
    }

    static Path writePrivate(Path file, String text) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return file;
    }

    static void copyResource(String name, Path to) {
        try (InputStream in = TestHost.class.getResourceAsStream("/" + name)) {
            Files.copy(in, to);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
