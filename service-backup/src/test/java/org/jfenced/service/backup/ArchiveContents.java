package org.jfenced.service.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Unpacks an archive with GNU tar, nothing of the service's own reader, to check what it holds. */
final class ArchiveContents {

    private ArchiveContents() {
    }

    /** Extracts {@code archive} into {@code into} and returns that directory. */
    static Path untar(Path archive, Path into) throws IOException, InterruptedException {
        Files.createDirectories(into);
        List<String> cmd = new ArrayList<>(List.of("tar", "-x", "-f", archive.toString(), "-C", into.toString()));
        Compression c = ArchiveName.parse(archive).orElseThrow().compression();
        if (c == Compression.ZSTD) {
            cmd.add("--zstd");
        } else if (c == Compression.GZIP) {
            cmd.add("-z");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "tar: " + out);
        return into;
    }

    static String sha256(Path file) throws IOException {
        return HexFormat.of().formatHex(Checksums.sha256().digest(Files.readAllBytes(file)));
    }
}
