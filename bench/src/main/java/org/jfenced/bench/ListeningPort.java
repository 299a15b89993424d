package org.jfenced.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Whether a TCP port is in LISTEN state on this machine, read from /proc/net/tcp and tcp6: the moment
 * a daemon starts listening can be seen without connecting to it, so the probe takes no request from
 * the daemon that the measurement would then have to count.
 */
final class ListeningPort {

    /** The kernel's code for LISTEN in the {@code st} column. */
    private static final String LISTEN = "0A";

    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    private ListeningPort() {
    }

    static boolean isListening(int port) throws IOException {
        for (Path table : TABLES) {
            if (Files.exists(table) && listsListener(Files.readAllLines(table), port)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the lines of a /proc/net/tcp table name a socket listening on {@code port}. */
    static boolean listsListener(List<String> lines, int port) {
        String suffix = String.format(Locale.ROOT, ":%04X", port);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[1].endsWith(suffix) && f[3].equals(LISTEN)) {
                return true;
            }
        }
        return false;
    }
}
