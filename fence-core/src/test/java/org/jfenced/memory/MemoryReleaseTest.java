package org.jfenced.memory;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MemoryReleaseTest {

    private static final int BLOCKS = 1600;
    private static final int BLOCK = 64 * 1024;

    @Test
    void memoryFreedBelowABlockInUseLeavesTheProcess() throws IOException {
        long[] blocks = new long[BLOCKS];
        for (int i = 0; i < BLOCKS; i++) {
            blocks[i] = Native.malloc(BLOCK);
            new Pointer(blocks[i]).setMemory(0, BLOCK, (byte) 1);
        }
        for (int i = 0; i < BLOCKS - 1; i++) {
            Native.free(blocks[i]);
        }
        long before = residentKb();

        assertTrue(MemoryRelease.trimCHeap());

        long released = before - residentKb();
        Native.free(blocks[BLOCKS - 1]);
        long freedKb = (long) (BLOCKS - 1) * BLOCK / 1024;
        assertTrue(released > freedKb / 2, "released " + released + " kB of " + freedKb + " kB freed");
    }

    @Test
    void onlyAHeapThatGrewBySeveralMegabytesSinceStartUpIsWorthAFullCollection() {
        long start = 8L << 20;
        assertFalse(MemoryRelease.heapGrew(start, start), "a monitor request now and then");
        assertFalse(MemoryRelease.heapGrew(start + MemoryRelease.HEAP_GROWTH - 1, start));
        assertTrue(MemoryRelease.heapGrew(start + MemoryRelease.HEAP_GROWTH, start), "a burst");
        assertFalse(MemoryRelease.heapGrew(start - (1 << 20), start), "shrunk already");
    }

    private static long residentKb() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                .findFirst().orElseThrow();
    }
}
