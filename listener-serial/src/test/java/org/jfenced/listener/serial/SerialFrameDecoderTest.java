package org.jfenced.listener.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SerialFrameDecoderTest {

    @Test
    void decodesTheStatusRequestOfTheRealClient() {
        List<SerialRequest> frames = new SerialFrameDecoder().feed(SerialFrames.STATUS_GUEST1, 0, 74);

        assertEquals(List.of(new SerialRequest(4, 0, "guest1", 462663)), frames);
    }

    @Test
    void decodesTheListRequestWithItsEmptyDomain() {
        assertEquals(List.of(new SerialRequest(6, 0, "", 470187)), new SerialFrameDecoder().feed(SerialFrames.LIST, 0, 74));
    }

    @Test
    void aFrameArrivingByteByByteIsDecodedOnceWhole() {
        SerialFrameDecoder d = new SerialFrameDecoder();
        List<SerialRequest> frames = new ArrayList<>();
        for (byte b : SerialFrames.STATUS_GUEST1) {
            assertTrue(frames.isEmpty());
            frames.addAll(d.feed(new byte[] {b}, 0, 1));
        }
        assertEquals(1, frames.size());
    }

    @Test
    void garbageBeforeAFrameIsSkippedAndCounted() {
        byte[] noise = "login: root\r\nabb\u0000ab".getBytes(StandardCharsets.ISO_8859_1);
        SerialFrameDecoder d = new SerialFrameDecoder();

        List<SerialRequest> frames = d.feed(SerialFrames.concat(noise, SerialFrames.STATUS_GUEST1), 0, noise.length + 74);

        assertEquals(List.of(new SerialRequest(4, 0, "guest1", 462663)), frames);
        assertEquals(noise.length, d.skipped());
    }

    @Test
    void twoFramesInOneReadAreBothDecodedInOrder() {
        byte[] both = SerialFrames.concat(SerialFrames.frame(1, "vm-a", 1), SerialFrames.frame(3, "vm-b", 2));

        List<SerialRequest> frames = new SerialFrameDecoder().feed(both, 0, both.length);

        assertEquals(List.of(new SerialRequest(1, 0, "vm-a", 1), new SerialRequest(3, 0, "vm-b", 2)), frames);
    }

    @Test
    void randomNoiseNeverMakesAFrameWithoutTheMagic() {
        Random r = new Random(42);
        SerialFrameDecoder d = new SerialFrameDecoder();
        byte[] noise = new byte[100_000];
        r.nextBytes(noise);
        for (int i = 0; i + 3 < noise.length; i++) {
            if (noise[i] == 'a' && noise[i + 1] == 'b') {
                noise[i] = 'x';
            }
        }

        assertTrue(d.feed(noise, 0, noise.length).isEmpty());
        assertEquals(List.of(new SerialRequest(4, 0, "guest1", 462663)), d.feed(SerialFrames.STATUS_GUEST1, 0, 74),
                "the stream is in step again at the next magic");
    }
}
