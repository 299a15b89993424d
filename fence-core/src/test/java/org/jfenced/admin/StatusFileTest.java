package org.jfenced.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusFileTest {

    @TempDir
    Path dir;

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void writtenAtOnceRewrittenOnlyWhenTheContentChangesAndRemovedAtClose() throws Exception {
        Path file = dir.resolve("sub/status.json");
        AtomicReference<String> status = new AtomicReference<>("{\"requests\": 0}\n");
        AtomicInteger taken = new AtomicInteger();
        StatusFile f = StatusFile.start(file, () -> {
            taken.incrementAndGet();
            return status.get();
        });
        try {
            await("first write", () -> read(file).equals(status.get()));
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            Files.setLastModifiedTime(file, FileTime.fromMillis(0));
            int before = taken.get();
            await("two more checks", () -> taken.get() >= before + 2);
            assertEquals(0, Files.getLastModifiedTime(file).toMillis(), "unchanged content is not rewritten");

            status.set("{\"requests\": 1}\n");
            await("the change", () -> read(file).equals(status.get()));
            try (Stream<Path> s = Files.list(file.getParent())) {
                assertEquals(1, s.count(), "no temporary files left behind");
            }
        } finally {
            f.close();
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void aDirectoryItCannotWriteDoesNotStopTheDaemon() throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-dir"), "");
        AtomicInteger taken = new AtomicInteger();
        StatusFile f = StatusFile.start(blocker.resolve("status.json"), () -> {
            taken.incrementAndGet();
            return "{}";
        });
        try {
            await("retries", () -> taken.get() >= 2);
            assertTrue(Files.isRegularFile(blocker));
        } finally {
            f.close();
        }
    }
}
