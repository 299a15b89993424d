package org.jfenced.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.jfenced.config.FenceConfig;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfiguratorTest {

    /** What the built-in plugins declare, as far as the questions use it: libvirt's uri has no default. */
    private static final Map<String, List<ConfigKey>> LISTENERS = Map.of(
            "multicast", List.of(key("address", "225.0.0.12, or ff05::3:1 with family ipv6"), key("port", "1229"),
                    key("key_file", "/etc/cluster/fence_xvm.key")),
            "tcp", List.of(key("address", "127.0.0.1, or ::1 with family ipv6"), key("port", "1229"),
                    key("key_file", "/etc/cluster/fence_xvm.key")));
    private static final Map<String, List<ConfigKey>> BACKENDS = Map.of(
            "libvirt", List.of(key("uri", "")), "cpg", List.of(key("uri", "")));

    @TempDir
    Path dir;

    private final ByteArrayOutputStream shown = new ByteArrayOutputStream();

    private int configure(Path file, String answers) throws ConfigException {
        PrintStream out = new PrintStream(shown, true, StandardCharsets.UTF_8);
        Prompter ask = new Prompter(new BufferedReader(new StringReader(answers)), out);
        return new Configurator(ask, out, LISTENERS, BACKENDS).run(file);
    }

    private String shown() {
        return shown.toString(StandardCharsets.UTF_8);
    }

    private static ConfigKey key(String name, String dflt) {
        return new ConfigKey(name, dflt, "");
    }

    @Test
    void withNoInputANewFileGetsEveryDefaultAndOnlyItsOwnerMayReadIt() throws Exception {
        Path file = dir.resolve("fence_virt.conf");

        assertEquals(0, configure(file, ""));

        assertEquals("""
                fence_virtd {
                	listener = "multicast";
                	backend = "libvirt";
                }

                listeners {
                	multicast {
                		address = "225.0.0.12";
                		family = "ipv4";
                		port = "1229";
                		key_file = "/etc/cluster/fence_xvm.key";
                	}

                }

                backends {
                	libvirt {
                		uri = "qemu:///system";
                	}

                }

                """, Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(shown().contains("Write " + file + " [Y/n]? "), shown());
    }

    @Test
    void withNoInputAnExistingFileIsNotReplaced() throws Exception {
        Path file = dir.resolve("fence_virt.conf");
        String before = "fence_virtd {\n\tlistener = \"tcp\";\n\tbackend = \"libvirt\";\n}\n";
        Files.writeString(file, before);

        assertEquals(1, configure(file, ""));

        assertEquals(before, Files.readString(file));
        assertTrue(shown().contains("Replace " + file + " with the above [y/N]? "), shown());
        assertTrue(shown().contains("Nothing written."), shown());
    }

    @Test
    void answersChangeTheFileAndKeepWhatTheQuestionsDoNotCover() throws Exception {
        Path file = dir.resolve("fence_virt.conf");
        Files.writeString(file, """
                fence_virtd {
                	listener = "multicast";
                	backend = "libvirt";
                	admin_group = "wheel";
                }

                groups {
                	group {
                		name = "web";
                		uuid = "vm-web";
                	}

                }
                """);
        // listener, address (a host name first, refused), port, key file; backend, uri, name mode; replace
        String answers = "tcp\nfence.example\n::1\n2000\n/etc/cluster/other.key\ncpg\n\nuuid\ny\n";

        assertEquals(0, configure(file, answers));

        FenceConfig written = FenceConfig.load(file);
        assertEquals("tcp", written.root().section("fence_virtd").get("listener").orElseThrow());
        assertEquals("wheel", written.root().section("fence_virtd").get("admin_group").orElseThrow());
        var tcp = written.root().section("listeners").section("tcp");
        assertEquals("::1", tcp.get("address").orElseThrow());
        assertEquals("ipv6", tcp.get("family").orElseThrow());
        assertEquals("2000", tcp.get("port").orElseThrow());
        assertEquals("/etc/cluster/other.key", tcp.get("key_file").orElseThrow());
        assertEquals("cpg", written.root().section("fence_virtd").get("backend").orElseThrow());
        assertEquals("uuid", written.root().section("backends").section("cpg").get("name_mode").orElseThrow());
        assertEquals("vm-web", written.root().section("groups").section("group").get("uuid").orElseThrow());
        assertTrue(shown().contains("'fence.example' is not an IP address"), shown());
    }

    @Test
    void noneRemovesTheInterfaceAndTheKeyFile() throws Exception {
        Path file = dir.resolve("fence_virt.conf");
        Files.writeString(file, """
                listeners {
                	multicast {
                		interface = "lo";
                		key_file = "/etc/cluster/fence_xvm.key";
                	}
                }
                """);

        assertEquals(0, configure(file, "multicast\n\n\nnone\nnone\n\n\ny\n"));

        var multicast = FenceConfig.load(file).root().section("listeners").section("multicast");
        assertFalse(multicast.get("interface").isPresent());
        assertFalse(multicast.get("key_file").isPresent());
    }

    @Test
    void anUnreadableFileIsKeptUnlessToldToStartFromScratch() throws Exception {
        Path file = dir.resolve("fence_virt.conf");
        Files.writeString(file, "fence_virtd { listener = ");

        assertEquals(1, configure(file, ""));
        assertEquals("fence_virtd { listener = ", Files.readString(file));
        assertTrue(shown().contains("Start from scratch [y/N]? "), shown());

        assertEquals(0, configure(file, "y\n\n\n\n\n\n\n\ny\n"));
        assertEquals("multicast", FenceConfig.load(file).root().section("fence_virtd").get("listener").orElseThrow());
    }

    @Test
    void aBadValueInTheFileWithNoInputLeftIsAnErrorNotALoop() throws IOException {
        Path file = dir.resolve("fence_virt.conf");
        String before = "listeners {\n\tmulticast {\n\t\tport = \"99999\";\n\t}\n}\n";
        Files.writeString(file, before);

        ConfigException e = assertThrows(ConfigException.class, () -> configure(file, ""));

        assertEquals("Port: a port is 1 to 65535, and the input ended", e.getMessage());
        assertEquals(before, Files.readString(file));
    }
}
