package org.jfenced.service.backup;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an archive from start to end, checking every entry against the manifest, and optionally
 * writing the disk images out. Any difference — a checksum, a size, an entry missing or unlisted, a
 * damaged compressed stream — is a {@link BackupFailed} naming what is wrong.
 */
final class ArchiveReader {

    /** The domain XML is small; a huge one means the archive is not ours. */
    private static final long MAX_SMALL_ENTRY = 16L << 20;

    private ArchiveReader() {
    }

    /** What a pass over the archive found. */
    record Contents(Manifest manifest, byte[] domainXml) {
    }

    /** Reads and checks everything, writes nothing. */
    static Contents verify(Path archive, AbortCheck abort) throws BackupFailed, BackupAborted {
        return read(archive, Map.of(), abort);
    }

    /**
     * Reads and checks everything, writing each disk entry named in {@code destinations} to its file
     * (created new; runs of zeros become holes). The caller removes the files if this fails.
     */
    static Contents extract(Path archive, Map<String, Path> destinations, AbortCheck abort)
            throws BackupFailed, BackupAborted {
        return read(archive, destinations, abort);
    }

    private static Contents read(Path archive, Map<String, Path> destinations, AbortCheck abort)
            throws BackupFailed, BackupAborted {
        Compression compression = ArchiveName.parse(archive).map(ArchiveName::compression)
                .orElseThrow(() -> new BackupFailed(archive.getFileName() + " is not named like a jfenced backup"
                        + " (jfenced-VM-YYYY_MM_DD-HH_MM_SS.tar[.gz|.zst])"));
        Map<String, String> checksums = new LinkedHashMap<>();
        Map<String, Long> sizes = new HashMap<>();
        byte[] manifestBytes = null;
        byte[] domainXml = null;
        try (InputStream in = compression.decompress(new BufferedInputStream(Files.newInputStream(archive),
                ArchiveWriter.CHUNK))) {
            byte[] header = new byte[Tar.BLOCK];
            byte[] buf = new byte[ArchiveWriter.CHUNK];
            while (true) {
                readFully(in, header);
                Tar.Entry entry = Tar.parse(header);
                if (entry == null) {
                    break;
                }
                abort.check();
                boolean small = entry.name().equals(Manifest.ENTRY) || entry.name().equals(Manifest.DOMAIN_XML);
                if (small && entry.size() > MAX_SMALL_ENTRY) {
                    throw new BackupFailed(entry.name() + " of " + entry.size() + " bytes: not a jfenced archive");
                }
                ByteArrayOutputStream keep = small ? new ByteArrayOutputStream((int) entry.size()) : null;
                MessageDigest digest = Checksums.sha256();
                Path dest = destinations.get(entry.name());
                try (FileChannel outFile = dest == null ? null
                        : FileChannel.open(dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    long left = entry.size();
                    while (left > 0) {
                        abort.check();
                        int n = (int) Math.min(buf.length, left);
                        readFully(in, buf, n);
                        digest.update(buf, 0, n);
                        if (keep != null) {
                            keep.write(buf, 0, n);
                        }
                        if (outFile != null) {
                            writeSparse(outFile, buf, n);
                        }
                        left -= n;
                    }
                    if (outFile != null && outFile.size() < entry.size()) {
                        // a trailing hole: give the file its full length
                        outFile.write(ByteBuffer.wrap(new byte[1]), entry.size() - 1);
                    }
                    if (outFile != null) {
                        outFile.force(true);
                    }
                }
                in.skipNBytes(Tar.padding(entry.size()));
                if (entry.name().equals(Manifest.ENTRY)) {
                    manifestBytes = keep.toByteArray();
                } else {
                    if (entry.name().equals(Manifest.DOMAIN_XML)) {
                        domainXml = keep.toByteArray();
                    }
                    checksums.put(entry.name(), Checksums.hex(digest));
                    sizes.put(entry.name(), entry.size());
                }
            }
        } catch (EOFException e) {
            throw new BackupFailed(archive.getFileName() + " is truncated: it ends inside an entry");
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new BackupFailed(archive.getFileName() + " is damaged or unreadable: " + e.getMessage(), e);
        }
        if (manifestBytes == null) {
            throw new BackupFailed(archive.getFileName() + " has no manifest.txt: not a complete jfenced backup");
        }
        Manifest manifest;
        try {
            manifest = Manifest.parse(manifestBytes);
        } catch (RuntimeException e) {
            throw new BackupFailed(archive.getFileName() + ": unreadable manifest: " + e.getMessage(), e);
        }
        for (Manifest.Item item : manifest.items()) {
            String sum = checksums.remove(item.entry());
            if (sum == null) {
                throw new BackupFailed(archive.getFileName() + ": " + item.entry() + " is listed in the manifest"
                        + " but missing from the archive");
            }
            if (sizes.get(item.entry()) != item.size()) {
                throw new BackupFailed(archive.getFileName() + ": " + item.entry() + " has " + sizes.get(item.entry())
                        + " bytes, the manifest says " + item.size());
            }
            if (!sum.equals(item.sha256())) {
                throw new BackupFailed(archive.getFileName() + ": " + item.entry() + " is corrupt: SHA-256 " + sum
                        + ", the manifest says " + item.sha256());
            }
        }
        if (!checksums.isEmpty()) {
            throw new BackupFailed(archive.getFileName() + ": entries not in the manifest: " + checksums.keySet());
        }
        if (domainXml == null) {
            throw new BackupFailed(archive.getFileName() + " holds no domain.xml");
        }
        return new Contents(manifest, domainXml);
    }

    private static void writeSparse(FileChannel out, byte[] buf, int n) throws IOException {
        if (isZero(buf, n)) {
            out.position(out.position() + n);
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    private static boolean isZero(byte[] buf, int n) {
        for (int i = 0; i < n; i++) {
            if (buf[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static void readFully(InputStream in, byte[] b) throws IOException {
        readFully(in, b, b.length);
    }

    private static void readFully(InputStream in, byte[] b, int n) throws IOException {
        if (in.readNBytes(b, 0, n) != n) {
            throw new EOFException();
        }
    }
}
