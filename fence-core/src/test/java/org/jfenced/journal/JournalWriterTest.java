package org.jfenced.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalWriterTest {

    @TempDir
    Path dir;

    private static JournalEntry entry(FenceAction action, String vm, long seqno, Instant time) {
        return new JournalEntry(time, new FenceRequest(action, vm, "192.0.2.7", seqno, "multicast"),
                JournalEntry.Acl.ALLOWED, FenceResult.SUCCESS, "", "2", "runs_there", "the VM is running there",
                Duration.ofNanos(1_234_567));
    }

    private JournalSettings settings(long maxBytes, Duration maxAge, int keep) {
        return new JournalSettings(dir, "fenceA", maxBytes, maxAge, keep);
    }

    private static List<JournalEntry> all(JournalSettings s) throws IOException {
        return new JournalReader(s).newest(e -> true, Integer.MAX_VALUE).entries();
    }

    @Test
    void anOffIsOnDiskWhenItsStageCompletesWithEveryField() throws Exception {
        JournalSettings s = settings(1 << 20, Duration.ofDays(1), 3);
        JournalEntry off = entry(FenceAction.OFF, "vm-web", 7, Instant.parse("2026-12-06T15:04:05.123456Z"));
        try (JournalWriter w = JournalWriter.open(s)) {
            w.append(off).toCompletableFuture().get(10, TimeUnit.SECONDS);
            String onDisk = Files.readString(s.current());
            assertEquals(JournalLine.write(off) + "\n", onDisk, "written before the stage completed");
            assertEquals(List.of(off), all(s), "every field reads back");
        }
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                s.current())));
    }

    @Test
    void statusIsAnsweredWithoutWaitingAndWrittenSoonAfter() throws Exception {
        JournalSettings s = settings(1 << 20, Duration.ofDays(1), 3);
        try (JournalWriter w = JournalWriter.open(s)) {
            assertTrue(w.append(entry(FenceAction.STATUS, "vm-web", 1, Instant.now())).toCompletableFuture().isDone());
            w.append(entry(FenceAction.REBOOT, "vm-db", 2, Instant.now())).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(List.of(FenceAction.STATUS, FenceAction.REBOOT),
                    all(s).stream().map(e -> e.request().action()).toList(), "in the order they came");
        }
    }

    @Test
    void statusEntriesAloneReachTheFileAfterTheyAreGathered() throws Exception {
        JournalSettings s = settings(1 << 20, Duration.ofDays(1), 3);
        try (JournalWriter w = JournalWriter.open(s)) {
            for (int i = 1; i <= 50; i++) {
                w.append(entry(FenceAction.STATUS, "vm-" + i, i, Instant.now()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (all(s).size() < 50 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(50, all(s).size(), "no off, on or reboot came to carry them, and still they were written");
        }
    }

    @Test
    void closeWritesWhatIsStillGathered() throws Exception {
        JournalSettings s = settings(1 << 20, Duration.ofDays(1), 3);
        try (JournalWriter w = JournalWriter.open(s)) {
            for (int i = 1; i <= 50; i++) {
                w.append(entry(FenceAction.STATUS, "vm-" + i, i, Instant.now()));
            }
        }
        assertEquals(50, all(s).size(), "a stop loses no entry it accepted");
    }

    @Test
    void noThreadRunsBeforeTheFirstEntryNorAfterAQuietSecond() throws Exception {
        JournalSettings s = settings(1 << 20, Duration.ofDays(1), 3);
        try (JournalWriter w = JournalWriter.open(s)) {
            assertNull(w.writerThread(), "an idle journal has no thread");
            w.append(entry(FenceAction.STATUS, "vm-web", 1, Instant.now()));
            Thread writer = w.writerThread();
            assertNotNull(writer, "the first entry starts it");
            w.append(entry(FenceAction.OFF, "vm-db", 2, Instant.now())).toCompletableFuture().get(10, TimeUnit.SECONDS);
            awaitGone(w, writer);
            assertEquals(2, all(s).size());
            w.append(entry(FenceAction.ON, "vm-db", 3, Instant.now())).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(3, all(s).size(), "the next entry starts a thread again");
        }
    }

    @Test
    void anEntryAppendedAsTheThreadEndsIsWritten() throws Exception {
        JournalSettings s = settings(1 << 20, Duration.ofDays(1), 3);
        AtomicReference<JournalWriter> writer = new AtomicReference<>();
        AtomicBoolean raced = new AtomicBoolean();
        // the append still finds the ending thread, so it starts none of its own
        Runnable appendOnce = () -> {
            if (raced.compareAndSet(false, true)) {
                writer.get().append(entry(FenceAction.STATUS, "vm-late", 2, Instant.now()));
            }
        };
        try (JournalWriter w = JournalWriter.open(s, InstantSource.system(), Duration.ZERO, appendOnce)) {
            writer.set(w);
            w.append(entry(FenceAction.OFF, "vm-a", 1, Instant.now())).toCompletableFuture().get(10, TimeUnit.SECONDS);
            awaitEntries(s, 2);
            assertTrue(raced.get());
        }
    }

    @Test
    void concurrentAppendersLoseNothingWhileTheThreadComesAndGoes() throws Exception {
        JournalSettings s = settings(1 << 20, Duration.ofDays(1), 3);
        int appenders = 4;
        int each = 300;
        try (JournalWriter w = JournalWriter.open(s, InstantSource.system(), Duration.ZERO, () -> { })) {
            ExecutorService pool = Executors.newFixedThreadPool(appenders);
            List<Future<?>> done = new ArrayList<>();
            for (int a = 0; a < appenders; a++) {
                int first = a * each;
                done.add(pool.submit(() -> {
                    for (int i = first; i < first + each; i++) {
                        FenceAction action = i % 3 == 0 ? FenceAction.OFF : FenceAction.STATUS;
                        CompletableFuture<Void> written = w.append(entry(action, "vm-" + i, i, Instant.now()))
                                .toCompletableFuture();
                        if (i % 30 == 0) {
                            written.get(10, TimeUnit.SECONDS);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            awaitEntries(s, appenders * each);
        }
        assertEquals(appenders * each, all(s).stream().map(e -> e.request().seqno()).distinct().count(),
                "each once");
    }

    @Test
    void aJournalClosedWithNoThreadRunningRefusesLaterEntriesAndFreesItsLock() throws Exception {
        JournalSettings s = settings(1 << 20, Duration.ofDays(1), 3);
        JournalWriter w = JournalWriter.open(s, InstantSource.system(), Duration.ZERO, () -> { });
        w.append(entry(FenceAction.OFF, "vm-a", 1, Instant.now())).toCompletableFuture().get(10, TimeUnit.SECONDS);
        Thread writer = w.writerThread();
        if (writer != null) {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        }
        w.close();
        assertTrue(w.append(entry(FenceAction.OFF, "vm-b", 2, Instant.now())).toCompletableFuture().isCompletedExceptionally(),
                "a closed journal refuses an off");
        assertNull(w.writerThread(), "and starts no thread for it");
        assertEquals(List.of("vm-a"), all(s).stream().map(e -> e.request().target()).toList());
        JournalWriter.open(s).close();
    }

    /** Polls until the writer has ended: the bound is generous, for a loaded machine; no speed is asserted. */
    private static void awaitGone(JournalWriter w, Thread writer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((w.writerThread() != null || writer.isAlive()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertNull(w.writerThread(), "no thread once everything is synced and nothing came for a second");
        assertFalse(writer.isAlive(), "the thread that wrote has ended");
    }

    private static void awaitEntries(JournalSettings s, int n) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (all(s).size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(n, all(s).size(), "every accepted entry reaches the file without another to carry it");
    }

    @Test
    void rotatesBySizeKeepsTheNewestFilesAndReadsAcrossThem() throws Exception {
        JournalSettings s = settings(600, Duration.ofDays(1), 2);
        try (JournalWriter w = JournalWriter.open(s)) {
            for (int i = 1; i <= 20; i++) {
                w.append(entry(FenceAction.OFF, "vm-" + i, i, Instant.now())).toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
        List<Path> rotated = new JournalFiles(dir, "fenceA").rotatedFiles();
        assertEquals(2, rotated.size(), "journal_keep: " + rotated);
        assertTrue(Files.size(s.current()) <= 600 + 300, "a file grows past the limit by one batch at most");
        List<JournalEntry> kept = all(s);
        assertEquals("vm-20", kept.get(kept.size() - 1).request().target());
        for (int i = 1; i < kept.size(); i++) {
            assertEquals(kept.get(i - 1).request().seqno() + 1, kept.get(i).request().seqno(), "no gap, in order");
        }
        assertEquals(List.of("vm-19", "vm-20"), new JournalReader(s).newest(e -> true, 2).entries().stream()
                .map(e -> e.request().target()).toList());
    }

    @Test
    void rotatesWhenTheFirstEntryIsOlderThanTheMaximumAge() throws Exception {
        JournalSettings s = settings(1 << 20, Duration.ofHours(1), 5);
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T10:00:00Z"));
        try (JournalWriter w = JournalWriter.open(s, now::get, Duration.ofSeconds(1), () -> { })) {
            w.append(entry(FenceAction.OFF, "vm-a", 1, now.get())).toCompletableFuture().get(10, TimeUnit.SECONDS);
            now.set(now.get().plus(Duration.ofMinutes(59)));
            w.append(entry(FenceAction.OFF, "vm-b", 2, now.get())).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(0, new JournalFiles(dir, "fenceA").rotatedFiles().size());
            now.set(now.get().plus(Duration.ofMinutes(2)));
            w.append(entry(FenceAction.OFF, "vm-c", 3, now.get())).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        List<Path> rotated = new JournalFiles(dir, "fenceA").rotatedFiles();
        assertEquals(List.of("fenceA-20261206T110100.000Z.jsonl"), rotated.stream().map(p -> p.getFileName().toString())
                .toList());
        assertEquals(1, Files.readAllLines(s.current()).size(), "vm-c starts the new file");
    }

    @Test
    void aTornLastLineIsEndedAtStartAndSkippedByReaders() throws Exception {
        JournalSettings s = settings(1 << 20, Duration.ofDays(1), 3);
        try (JournalWriter w = JournalWriter.open(s)) {
            w.append(entry(FenceAction.OFF, "vm-a", 1, Instant.now())).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        String torn = JournalLine.write(entry(FenceAction.OFF, "vm-torn", 2, Instant.now()));
        // half a line, ending in the first byte of a two-byte character
        Files.writeString(s.current(), torn.substring(0, torn.length() / 2), StandardOpenOption.APPEND);
        Files.write(s.current(), new byte[] {(byte) 0xc3}, StandardOpenOption.APPEND);
        try (JournalWriter w = JournalWriter.open(s)) {
            w.append(entry(FenceAction.ON, "vm-b", 3, Instant.now())).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        JournalReader.Page page = new JournalReader(s).newest(e -> true, 100);
        assertEquals(List.of("vm-a", "vm-b"), page.entries().stream().map(e -> e.request().target()).toList());
        assertEquals(1, page.unreadable());
        assertEquals(3, Files.readAllLines(s.current(), StandardCharsets.ISO_8859_1).size(),
                "the torn line is kept as evidence, on a line of its own");
    }

    @Test
    void aSecondWriterOfTheSameInstanceIsRefused() throws Exception {
        JournalSettings s = settings(1 << 20, Duration.ofDays(1), 3);
        try (JournalWriter w = JournalWriter.open(s)) {
            IOException e = assertThrows(IOException.class, () -> JournalWriter.open(s));
            assertTrue(e.getMessage().contains("another jfenced writes the journal " + s.current()), e.getMessage());
        }
        JournalWriter.open(s).close();
    }

    @Test
    void createsItsDirectoryPrivate() throws Exception {
        JournalSettings s = new JournalSettings(dir.resolve("var/lib/jfenced"), "jfenced", 1 << 20, Duration.ofDays(1), 3);
        JournalWriter.open(s).close();
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                s.dir())));
    }

    @Test
    void aLineThatIsNotAnEntryIsRefused() {
        for (String bad : List.of("", "{", "[]", "{\"time\":\"x\"}", "{\"a\":1} {\"b\":2}", "not json")) {
            assertThrows(IllegalArgumentException.class, () -> JournalLine.read(bad), bad);
        }
    }
}
