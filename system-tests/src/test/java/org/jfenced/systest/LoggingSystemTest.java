package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What bin/jfenced writes where: priorities for the journal, and never a secret. */
class LoggingSystemTest {

    /** What systemd sets for a unit whose output is the journal (device:inode of the stream). */
    private static final Map<String, String> UNDER_SYSTEMD = Map.of("JOURNAL_STREAM", "9:4242");

    @TempDir
    Path dir;

    @Test
    void underSystemdEachLineStartsWithItsSyslogPriority() {
        TestHost host = new TestHost(dir);
        Path conf = host.config("fence_virt.conf", "\tfrobnicate = \"yes\";", "", "test://" + host.nodeFile, "");
        try (JfencedProcess d = JfencedProcess.launchAsGiven(dir, UNDER_SYSTEMD, "-F", "-d1", "-f", conf.toString(),
                "-p", dir.resolve("jfenced.pid").toString())) {
            d.awaitLog("jfenced ready", Duration.ofSeconds(60));
            assertEquals(0, host.client().run("-o", "status", "-n", "vm-run1").exit());
            d.awaitLog("STATUS \"vm-run1\"", Duration.ofSeconds(10));

            List<String> lines = d.log().lines().toList();
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("<4>WARN ") && l.contains("frobnicate")), d.log());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("<6>INFO ") && l.contains("jfenced ready")), d.log());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("<7>DEBUG ")), d.log());
            // every line the daemon logs carries one; the JVM's own warnings are not the daemon's lines
            assertTrue(lines.stream().filter(l -> l.matches("^[A-Z]+ +\\[.*")).toList().isEmpty(), d.log());
        }
    }

    @Test
    void underSystemdAFailedStartIsLoggedAsAnError() throws IOException {
        TestHost host = new TestHost(dir);
        try (ServerSocket taken = new ServerSocket(host.port, 1, InetAddress.getLoopbackAddress())) {
            Path conf = host.config("", "");
            try (JfencedProcess d = JfencedProcess.launchAsGiven(dir, UNDER_SYSTEMD, "-F", "-f", conf.toString(), "-p",
                    dir.resolve("jfenced.pid").toString())) {
                assertEquals(1, d.awaitExit(Duration.ofSeconds(60)), d.log());
                assertTrue(d.log().lines().anyMatch(l -> l.startsWith("<3>ERROR ")), d.log());
            }
        }
    }

    @Test
    void withoutSystemdALineStartsWithTheTime() {
        TestHost host = new TestHost(dir);
        try (JfencedProcess d = JfencedProcess.start(dir, host.config("", ""))) {
            assertTrue(d.log().lines().anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO .*"
                    + "jfenced ready.*")), d.log());
            assertFalse(d.log().contains("<6>"), d.log());
        }
    }

    @Test
    void evenAtTheHighestDebugLevelNoPartOfTheKeyIsLogged() throws IOException {
        TestHost host = new TestHost(dir);
        Path conf = host.config("", "");
        try (JfencedProcess d = JfencedProcess.launchAsGiven(dir, Map.of(), "-F", "-d9", "-f", conf.toString(), "-p",
                dir.resolve("jfenced.pid").toString())) {
            d.awaitLog("jfenced ready", Duration.ofSeconds(60));
            assertEquals(0, host.client().run("-o", "status", "-n", "vm-run1").exit());
            assertEquals(0, host.client().run("-o", "reboot", "-n", "vm-run2").exit());
            assertEquals(1, host.client().withKey(TestHost.writeKey(dir.resolve("wrong.key"), 4096))
                    .run("-o", "off", "-n", "vm-run1").exit());
            d.awaitLog("REBOOT \"vm-run2\"", Duration.ofSeconds(10));

            String log = d.log();
            byte[] key = Files.readAllBytes(host.key);
            for (int at = 0; at + 8 <= key.length; at += 8) {
                byte[] piece = Arrays.copyOfRange(key, at, at + 8);
                String hex = HexFormat.of().formatHex(piece);
                assertFalse(log.toLowerCase().contains(hex), "key bytes " + at + "… in hex in the log");
                assertFalse(log.contains(Base64.getEncoder().encodeToString(Arrays.copyOfRange(key, at, at + 6))),
                        "key bytes " + at + "… in base64 in the log");
                assertFalse(log.contains(new String(piece, StandardCharsets.ISO_8859_1)), "raw key bytes in the log");
            }
        }
    }
}
