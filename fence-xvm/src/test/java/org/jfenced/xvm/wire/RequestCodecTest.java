package org.jfenced.xvm.wire;

import static org.jfenced.xvm.wire.TestVectors.HEX;
import static org.jfenced.xvm.wire.TestVectors.KEY16;
import static org.jfenced.xvm.wire.TestVectors.MCAST_OFF;
import static org.jfenced.xvm.wire.TestVectors.MCAST_STATUS;
import static org.jfenced.xvm.wire.TestVectors.SMALL_KEY;
import static org.jfenced.xvm.wire.TestVectors.TCP_REBOOT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestCodecTest {

    @Test
    void vectorsAreExactly176Bytes() {
        assertEquals(176, TCP_REBOOT.length);
        assertEquals(176, MCAST_OFF.length);
        assertEquals(176, MCAST_STATUS.length);
    }

    @Test
    void decodesTheTcpRebootOfVector1() {
        FenceWireRequest r = RequestCodec.decode(TCP_REBOOT);
        assertEquals(2, r.request());
        assertEquals(2, r.hashType());
        assertEquals("guest1", r.domain());
        assertEquals(3734, r.seqno());
        assertEquals(0, r.family());
        assertEquals(0, r.port());
        assertEquals(Optional.empty(), r.callbackAddress());
    }

    @Test
    void decodesTheMulticastOffOfVector2WithItsCallbackAddress() throws Exception {
        FenceWireRequest r = RequestCodec.decode(MCAST_OFF);
        assertEquals(1, r.request());
        assertEquals("guest1", r.domain());
        assertEquals(12293, r.port());
        assertEquals(733615, r.seqno());
        assertEquals(FenceWireRequest.FAMILY_INET, r.family());
        assertEquals(Optional.of(InetAddress.getByName("127.0.0.1")), r.callbackAddress());
    }

    @Test
    void decodesDebiansStatusRequestOfVector4() {
        FenceWireRequest r = RequestCodec.decode(MCAST_STATUS);
        assertEquals(4, r.request());
        assertEquals("vm1", r.domain());
        assertEquals(1229, r.port());
        assertEquals(414695, r.seqno());
    }

    @Test
    void acceptsTheCapturedSignatures() {
        assertTrue(RequestCodec.verify(TCP_REBOOT, HashType.SHA256, SMALL_KEY));
        assertTrue(RequestCodec.verify(MCAST_OFF, HashType.SHA256, SMALL_KEY));
        assertTrue(RequestCodec.verify(MCAST_STATUS, HashType.SHA256, KEY16));
    }

    @Test
    void theConfiguredHashIsAMinimumNotAnExactMatch() {
        assertTrue(RequestCodec.verify(TCP_REBOOT, HashType.NONE, SMALL_KEY));
        assertTrue(RequestCodec.verify(TCP_REBOOT, HashType.SHA1, SMALL_KEY));
        assertFalse(RequestCodec.verify(TCP_REBOOT, HashType.SHA512, SMALL_KEY));
    }

    @Test
    void rejectsAWrongKey() {
        assertFalse(RequestCodec.verify(TCP_REBOOT, HashType.SHA256, KEY16));
        assertFalse(RequestCodec.verify(TCP_REBOOT, HashType.SHA256, new byte[0]));
    }

    @Test
    void rejectsEveryFlippedBitOfTheSignedBytes() {
        for (int bit = 0; bit < 176 * 8; bit++) {
            byte[] p = TCP_REBOOT.clone();
            p[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(RequestCodec.verify(p, HashType.SHA256, SMALL_KEY), "bit " + bit);
        }
    }

    @Test
    void rejectsUnknownHashTypesAndWrongLengths() {
        byte[] p = TCP_REBOOT.clone();
        p[1] = 4;
        assertFalse(RequestCodec.verify(p, HashType.NONE, SMALL_KEY));
        assertFalse(RequestCodec.verify(Arrays.copyOf(TCP_REBOOT, 175), HashType.NONE, SMALL_KEY));
        assertFalse(RequestCodec.verify(Arrays.copyOf(TCP_REBOOT, 177), HashType.NONE, SMALL_KEY));
        assertThrows(IllegalArgumentException.class, () -> RequestCodec.decode(new byte[175]));
    }

    @Test
    void anUnsignedRequestPassesOnlyWhenTheMinimumIsNone() {
        byte[] p = RequestCodec.encode(4, HashType.NONE, "vm1", null, 0, 7, 0, null, SMALL_KEY);
        assertTrue(RequestCodec.verify(p, HashType.NONE, SMALL_KEY));
        assertFalse(RequestCodec.verify(p, HashType.SHA1, SMALL_KEY));
    }

    @Test
    void encodingVector1sFieldsReproducesItByteForByte() {
        byte[] p = RequestCodec.encode(2, HashType.SHA256, "guest1", null, 0, 3734, 0, HEX.parseHex("e50474a15848"),
                SMALL_KEY);
        assertArrayEquals(TCP_REBOOT, p);
    }

    @Test
    void encodingVector2sFieldsReproducesItByteForByte() {
        byte[] p = RequestCodec.encode(1, HashType.SHA256, "guest1", new byte[] {127, 0, 0, 1}, 12293, 733615, 2,
                HEX.parseHex("e2f4d803c2f8"), SMALL_KEY);
        assertArrayEquals(MCAST_OFF, p);
    }

    @Test
    void otherHashTypesSignAsVector7Says() {
        byte[] sha1 = RequestCodec.encode(2, HashType.SHA1, "guest1", null, 0, 3734, 0, HEX.parseHex("e50474a15848"),
                SMALL_KEY);
        assertEquals("30edd856fb693f1ac1aa36b91b9686200e2b26a8" + "00".repeat(44),
                HEX.formatHex(Arrays.copyOfRange(sha1, 112, 176)));
        byte[] sha512 = RequestCodec.encode(2, HashType.SHA512, "guest1", null, 0, 3734, 0,
                HEX.parseHex("e50474a15848"), SMALL_KEY);
        assertEquals("4218e8a4f7025c8857a38c106adb36d95a4b2148ba2a9a865ef9f374a7bcd4ac"
                + "542b4141bfaa49dd13b493de209f285b399e24ec697813c37e6ddafe934fcd41",
                HEX.formatHex(Arrays.copyOfRange(sha512, 112, 176)));
        assertTrue(RequestCodec.verify(sha1, HashType.SHA1, SMALL_KEY));
        assertTrue(RequestCodec.verify(sha512, HashType.SHA512, SMALL_KEY));
    }

    @Test
    void aDomainFillingAll64BytesIsReadWithoutATerminator() {
        byte[] p = TCP_REBOOT.clone();
        Arrays.fill(p, 4, 68, (byte) 'a');
        assertEquals("a".repeat(64), RequestCodec.decode(p).domain());
    }

    @Test
    void refusesToEncodeADomainTheClientsWouldRefuse() {
        assertThrows(IllegalArgumentException.class,
                () -> RequestCodec.encode(1, HashType.NONE, "x".repeat(64), null, 0, 1, 0, null, SMALL_KEY));
    }
}
