package org.jfenced.listener.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.HexFormat;
import java.util.List;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.Test;

class SerialRepliesTest {

    @Test
    void aResultIsTheMagicAndOneByte() {
        assertArrayEquals(HexFormat.of().parseHex("6162626102"), SerialReplies.result(FenceResult.OFF));
        assertArrayEquals(HexFormat.of().parseHex("6162626100"), SerialReplies.result(FenceResult.SUCCESS));
    }

    @Test
    void theHostListIsFramedByTwoResponsesAsTheRealClientAccepted() {
        byte[] record = new byte[130];
        System.arraycopy("vmA".getBytes(), 0, record, 0, 3);
        System.arraycopy("uuidA".getBytes(), 0, record, 64, 5);
        record[128] = 1;
        byte[] expected = SerialFrames.concat(HexFormat.of().parseHex("61626261fd"), record, new byte[130],
                HexFormat.of().parseHex("6162626100"));

        assertArrayEquals(expected, SerialReplies.hostList(List.of(new VmInfo("vmA", "uuidA", VmState.RUNNING))));
    }
}
