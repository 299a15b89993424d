package org.jfenced.service.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tar header the archives use, and the archive names. */
class TarTest {

    @Test
    void headersRoundTripIncludingSizesPastUstarsEightGibLimit() {
        for (long size : new long[] {0, 511, 512, 8L * 1024 * 1024 * 1024 - 1, 40L * 1024 * 1024 * 1024}) {
            Tar.Entry e = Tar.parse(Tar.header("disks/vda.img", size, 1_700_000_000L));
            assertEquals(new Tar.Entry("disks/vda.img", size, (byte) '0'), e);
        }
        assertNull(Tar.parse(new byte[Tar.BLOCK]), "a zero block ends the archive");
    }

    @Test
    void aDamagedHeaderIsRefused() {
        byte[] h = Tar.header("domain.xml", 10, 0);
        h[3] ^= 1;
        assertThrows(IllegalStateException.class, () -> Tar.parse(h));
    }

    @Test
    void archiveNamesCarryVmTimeAndCompression() {
        ArchiveName n = new ArchiveName("web-1", Instant.parse("2026-11-21T15:04:05.678Z"), Compression.ZSTD);
        assertEquals("jfenced-web-1-2026_11_21-15_04_05.tar.zst", n.fileName());
        assertEquals(n, ArchiveName.parse(Path.of("/x/" + n.fileName())).orElseThrow());
        assertEquals(Compression.NONE, ArchiveName.parse(Path.of("jfenced-a-2026_01_01-00_00_00.tar")).orElseThrow()
                .compression());
        assertEquals(Optional.empty(), ArchiveName.parse(Path.of(n.fileName() + ArchiveName.TEMP_SUFFIX)),
                "a temporary file is never a backup");
    }
}
