package org.jfenced.service.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChecksumPipelineTest {

    private static final int CHUNK = 64 << 10;

    @Test
    void chunksThroughTheRingGiveTheSha256OfTheWhole() throws Exception {
        byte[] data = new byte[10 * CHUNK + 4321];
        new Random(3).nextBytes(data);
        try (ChecksumPipeline pipeline = new ChecksumPipeline(3, CHUNK)) {
            for (int off = 0; off < data.length; off += CHUNK) {
                ByteBuffer chunk = pipeline.nextBuffer();
                chunk.put(data, off, Math.min(CHUNK, data.length - off)).flip();
                pipeline.add(chunk);
                assertEquals(0, chunk.position(), "left for the writer as it was");
            }
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)), pipeline.finish());
        }
    }

    @Test
    void theRingGivesItsBuffersInTurnAndTakesOnlyTheOneItGave() throws Exception {
        try (ChecksumPipeline pipeline = new ChecksumPipeline(2, CHUNK)) {
            ByteBuffer first = pipeline.nextBuffer();
            pipeline.add(first.limit(10));
            ByteBuffer second = pipeline.nextBuffer();
            assertNotSame(first, second);
            assertThrows(IllegalArgumentException.class, () -> pipeline.add(first));
            pipeline.add(second.limit(10));
            assertSame(first, pipeline.nextBuffer());
        }
    }
}
