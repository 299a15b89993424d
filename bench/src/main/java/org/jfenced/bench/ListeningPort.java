package org.jfenced.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Whether a TCP port is in LISTEN state on this machine, read from /proc/net/tcp and tcp6: the moment
 * a daemon starts listening can be seen without connecting to it, so the probe takes no request from
 * the daemon that the measurement would then have to count.
 *
 * <p>The kernel lists the listening sockets first and writes the table as it is read, so only its head
 * is read. After a daemon served a few thousand one-connection requests the table holds as many
 * TIME_WAIT entries; reading them all every 0.2 ms took a whole CPU of this 2-CPU machine away from the
 * daemon whose start was being timed.
 */
final class ListeningPort {

    /** The kernel's code for LISTEN in the {@code st} column. */
    private static final String LISTEN = "0A";

    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    private ListeningPort() {
    }

    static boolean isListening(int port) throws IOException {
        for (Path table : TABLES) {
            if (Files.exists(table)) {
                try (Stream<String> lines = Files.lines(table, StandardCharsets.US_ASCII)) {
                    if (listsListener(lines, port)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether the listening sockets at the head of a /proc/net/tcp table include one on {@code port}. */
    static boolean listsListener(Stream<String> lines, int port) {
        String suffix = String.format(Locale.ROOT, ":%04X", port);
        return lines.skip(1).map(line -> line.trim().split("\\s+"))
                .takeWhile(f -> f.length > 3 && f[3].equals(LISTEN))
                .anyMatch(f -> f[1].endsWith(suffix));
    }
}
