package org.jfenced.xvm.wire;

import java.util.HexFormat;

/** The captured packets of fence-xvm-protocol.md §21, byte for byte. */
final class TestVectors {

    static final HexFormat HEX = HexFormat.of();

    /** {@code small.key}: the 22 bytes {@code secret-key-0123456789\n}. */
    static final byte[] SMALL_KEY = HEX.parseHex("7365637265742d6b65792d303132333435363738390a");

    /** Vector 1: {@code fence_virt -T … -o reboot -n guest1}, sha256. */
    static final byte[] TCP_REBOOT = HEX.parseHex(
            "020200006775657374310000000000000000000000000000000000000000000000000000000000000000000000000000"
            + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
            + "0000e50474a15848960e0000000000000f15e43427593ef0279f64fdd5a40c9aa2c92adfeb15f70559fe874f7bda2eea"
            + "0000000000000000000000000000000000000000000000000000000000000000");

    /** Vector 2: {@code fence_xvm … -o off -H guest1}, the copy sent via 127.0.0.1, port 12293. */
    static final byte[] MCAST_OFF = HEX.parseHex(
            "010204006775657374310000000000000000000000000000000000000000000000000000000000000000000000000000"
            + "00000000000000000000000000000000000000007f000001000000000000000000000000000000000000000000000000"
            + "0530e2f4d803c2f8af310b0002000000fff3c985fb17cc55bfc7be162f65cd74a571d92684f97517d3652cc3d2ef3c01"
            + "0000000000000000000000000000000000000000000000000000000000000000");

    /** Vector 4: Debian's fence_xvm, status of vm1, 16-byte key. */
    static final byte[] KEY16 = HEX.parseHex("865f5cab05215b54017b455577396b00");
    static final byte[] MCAST_STATUS = HEX.parseHex("04020400766d31" + "00".repeat(61) + "7f000001" + "00".repeat(24)
            + "cd0431957f05c656e753060002000000"
            + "ee72d90de0716f08fb3c8fcb1ca595f5aeca53d6cadc2735072980b0fb2116bb" + "00".repeat(32));

    /** Vector 6: a client challenge captured with vector 1. */
    static final byte[] CHALLENGE = HEX.parseHex(
            "5ae38af73eb77ca59e4d5d35317dd83b8c9c1079ce43678abc1408f26bd1a762"
            + "951017783f08f4cd1ae24fada15d7324a364fe4c36c575eb6ac6e82ec4bd5697");

    private TestVectors() {
    }
}
