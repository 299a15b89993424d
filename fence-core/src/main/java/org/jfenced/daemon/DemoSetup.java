package org.jfenced.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.jfenced.spi.ConfigException;

/**
 * The demo: a config using libvirt's in-process test driver with a few VMs and a TCP listener on
 * 127.0.0.1:1229, written to a directory with a fresh key on first run. The files come from the
 * {@code conf} module's resources.
 */
final class DemoSetup {

    static final String DEFAULT_DIR = "/tmp/jfenced-demo";
    private static final String RESOURCES = "/org/jfenced/demo/";

    private DemoSetup() {
    }

    /** Writes what is missing in {@code dir} and returns the config file to run with. */
    static Path prepare(Path dir) throws ConfigException {
        Path abs = dir.toAbsolutePath();
        try {
            Files.createDirectories(abs);
            Path node = abs.resolve("node.xml");
            if (!Files.exists(node)) {
                Files.writeString(node, resource("node.xml"));
            }
            Path key = abs.resolve("fence_virt.key");
            if (!Files.exists(key)) {
                byte[] bytes = new byte[4096];
                new SecureRandom().nextBytes(bytes);
                Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(key, bytes);
            }
            Path conf = abs.resolve("fence_virt.conf");
            String text = resource("fence_virt.conf").replace("@DIR@", abs.toString());
            Files.deleteIfExists(conf);
            Files.createFile(conf, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(conf, text);
            return conf;
        } catch (IOException e) {
            throw new ConfigException("cannot set up the demo in " + abs + ": " + e, e);
        }
    }

    static void printUsage(Path dir, PrintStream out) {
        Path key = dir.toAbsolutePath().resolve("fence_virt.key");
        out.println();
        out.println("jfenced demo is running. In another terminal, try:");
        out.println("  fence_virt -T 127.0.0.1 -k " + key + " -o list");
        out.println("  fence_virt -T 127.0.0.1 -k " + key + " -o status -n vm-web");
        out.println("  fence_virt -T 127.0.0.1 -k " + key + " -o off -n vm-web");
        out.println("  fence_virt -T 127.0.0.1 -k " + key + " -o reboot -n vm-db");
        out.println("and ask the daemon what it did:");
        out.println("  bin/jfencectl --socket " + dir.toAbsolutePath().resolve("admin.sock") + " status");
        out.println("  bin/jfencectl --socket " + dir.toAbsolutePath().resolve("admin.sock") + " history");
        out.println("Stop it with Ctrl-C. The VMs live in libvirt's test driver: a restart resets them.");
        out.println();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DemoSetup.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("resource " + RESOURCES + name + " missing: is the conf module on the class path?");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
