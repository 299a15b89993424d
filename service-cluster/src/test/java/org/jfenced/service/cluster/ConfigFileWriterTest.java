package org.jfenced.service.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jfenced.spi.AdminReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write interrupted before the rename leaves the previous file; backups rotate at keep_backups. */
class ConfigFileWriterTest {

    private static final Instant T0 = Instant.parse("2026-11-21T15:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aWriteThatFailsBeforeTheRenameLeavesThePreviousFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("corosync.conf");
        Files.writeString(target, "old\n");
        ConfigFileWriter writer = new ConfigFileWriter(dir.resolve("backups"), 10, Clock.fixed(T0, ZoneOffset.UTC),
                (from, to) -> {
                    throw new IOException("disk pulled out before rename");
                });

        IOException e = assertThrows(IOException.class, () -> writer.replace(target, "new\n"));

        assertEquals("disk pulled out before rename", e.getMessage());
        assertEquals("old\n", Files.readString(target));
        assertEquals(List.of("backups", "corosync.conf"), names(dir));
    }

    @Test
    void anInterruptedAddnodeLeavesCorosyncConfAsItWas() throws IOException {
        ClusterHost host = ClusterHost.withFakeCorosync(dir);
        Files.writeString(host.conf, ClusterHost.golden("addnode.conf"));
        ClusterEditor editor = new ClusterEditor(host.conf, host.authkey, new ConfigFileWriter(host.backups, 10,
                Clock.systemUTC(), (from, to) -> {
                    throw new IOException("killed before rename");
                }));
        ClusterCommand failing = new ClusterCommand(editor, host.authkey, null, null, null, null);

        assertThrows(IOException.class, () -> failing.run(List.of("addnode", "pve4", "--link0", "192.0.2.14"),
                ClusterHost.SESSION));

        assertEquals(ClusterHost.golden("addnode.conf"), host.confText());
        AdminReply after = host.ok("addnode pve4 --link0 192.0.2.14");
        assertEquals("added node \"pve4\" (id 4) on link0 192.0.2.14 to cluster demo (config_version 4)\n", after.text());
    }

    @Test
    void onlyTheNewestBackupsStay() throws IOException {
        Path target = dir.resolve("corosync.conf");
        ConfigFileWriter writer = new ConfigFileWriter(dir.resolve("backups"), 3, ticking(), ConfigFileWriter.ATOMIC_RENAME);

        for (int version = 1; version <= 6; version++) {
            writer.replace(target, "version " + version + "\n");
        }

        List<Path> backups = writer.backups(target);
        assertEquals(List.of("corosync.conf.20261121T150002.000Z", "corosync.conf.20261121T150003.000Z",
                "corosync.conf.20261121T150004.000Z"), backups.stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(List.of("version 3\n", "version 4\n", "version 5\n"), contents(backups));
        assertEquals("version 6\n", Files.readString(target));
    }

    @Test
    void backupsWithinTheSameMillisecondAreNumberedAndRotateInOrder() throws IOException {
        Path target = dir.resolve("corosync.conf");
        ConfigFileWriter writer = new ConfigFileWriter(dir.resolve("backups"), 10, Clock.fixed(T0, ZoneOffset.UTC),
                ConfigFileWriter.ATOMIC_RENAME);

        for (int version = 1; version <= 12; version++) {
            writer.replace(target, "version " + version + "\n");
        }

        List<Path> backups = writer.backups(target);
        assertEquals(10, backups.size());
        assertEquals("corosync.conf.20261121T150000.000Z.1", backups.get(0).getFileName().toString());
        assertEquals("corosync.conf.20261121T150000.000Z.10", backups.get(9).getFileName().toString());
        assertEquals("version 2\n", Files.readString(backups.get(0)));
        assertEquals("version 11\n", Files.readString(backups.get(9)));
    }

    @Test
    void theFileKeepsItsModeAndANewFileIsWorldReadable() throws IOException {
        Path target = dir.resolve("corosync.conf");
        ConfigFileWriter writer = new ConfigFileWriter(dir.resolve("backups"), 10, ticking(), ConfigFileWriter.ATOMIC_RENAME);

        writer.replace(target, "one\n");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        Path backup = writer.replace(target, "two\n");

        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)));
    }

    /** A clock one second further at every reading. */
    private static Clock ticking() {
        return new Clock() {
            private Instant now = T0;

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                Instant t = now;
                now = now.plus(Duration.ofSeconds(1));
                return t;
            }
        };
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> contents(List<Path> files) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path p : files) {
            out.add(Files.readString(p));
        }
        return out;
    }
}
