package org.jfenced.xvm.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.Test;

class HostListCodecTest {

    @Test
    void streamIsMarkerRecordsZeroTerminatorAndTrailingByte() {
        byte[] s = HostListCodec.encode(List.of(new VmInfo("vmA", "uuidA", VmState.RUNNING),
                new VmInfo("vm-off1", "33333333-3333-3333-3333-333333333333", VmState.SHUTOFF)));
        assertEquals(1 + 3 * 130 + 1, s.length);
        assertEquals((byte) 0xFD, s[0]);
        assertEquals("vmA", new String(s, 1, 3, StandardCharsets.US_ASCII));
        assertEquals("uuidA", new String(s, 65, 5, StandardCharsets.US_ASCII));
        assertEquals(1, s[129]);
        assertEquals(5, s[131 + 128]);
        byte[] zeros = new byte[131];
        assertEquals(true, Arrays.equals(zeros, Arrays.copyOfRange(s, 261, 392)),
                "terminator and trailing byte are zero");
    }

    @Test
    void unusedBytesAreZeroNotGarbage() {
        byte[] s = HostListCodec.encode(List.of(new VmInfo("v", "u", VmState.PAUSED)));
        for (int i = 2; i < 65; i++) {
            assertEquals(0, s[i], "name padding at " + i);
        }
        assertEquals(0, s[130], "pad byte");
    }

    @Test
    void overlongNamesKeepTheirTerminatingNul() {
        byte[] s = HostListCodec.encode(List.of(new VmInfo("n".repeat(80), "u".repeat(80), VmState.RUNNING)));
        assertEquals(0, s[1 + 63]);
        assertEquals(0, s[1 + 127]);
        assertEquals('n', s[1 + 62]);
    }

    @Test
    void anEmptyListIsMarkerTerminatorAndTrailingByte() {
        byte[] s = HostListCodec.encode(List.of());
        assertEquals(132, s.length);
        assertEquals((byte) 0xFD, s[0]);
    }
}
