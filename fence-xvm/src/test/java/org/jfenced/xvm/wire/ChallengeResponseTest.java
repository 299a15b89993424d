package org.jfenced.xvm.wire;

import static org.jfenced.xvm.wire.TestVectors.CHALLENGE;
import static org.jfenced.xvm.wire.TestVectors.HEX;
import static org.jfenced.xvm.wire.TestVectors.SMALL_KEY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ChallengeResponseTest {

    private static byte[] padded(String hexDigest) {
        return Arrays.copyOf(HEX.parseHex(hexDigest), 64);
    }

    @Test
    void answersVector6sChallengeWithEveryAlgorithm() {
        assertArrayEquals(padded("05ac99c4aa792aa4bc69e7eafbe709f520040e1fe02633171e23892cc8d8c44e"),
                ChallengeResponse.answer(HashType.SHA256, SMALL_KEY, CHALLENGE));
        assertArrayEquals(padded("cf995d26427df4ee0411a86641cd3dd0d6492b55"),
                ChallengeResponse.answer(HashType.SHA1, SMALL_KEY, CHALLENGE));
        assertArrayEquals(padded("d86a197c2fec14f3d3718e417e04bd7f55253140eed8d293e90d4a06d9f23359"
                + "66274c1f71c7d120c2943456875ed11e3df7ad256fdc49aaef94d945b1e6fc6b"),
                ChallengeResponse.answer(HashType.SHA512, SMALL_KEY, CHALLENGE));
    }

    @Test
    void acceptsOnlyTheRightAnswerOverAll64Bytes() {
        byte[] right = padded("05ac99c4aa792aa4bc69e7eafbe709f520040e1fe02633171e23892cc8d8c44e");
        assertTrue(ChallengeResponse.accepts(HashType.SHA256, SMALL_KEY, CHALLENGE, right));
        byte[] tail = right.clone();
        tail[63] = 1;
        assertFalse(ChallengeResponse.accepts(HashType.SHA256, SMALL_KEY, CHALLENGE, tail));
        assertFalse(ChallengeResponse.accepts(HashType.SHA1, SMALL_KEY, CHALLENGE, right));
        assertFalse(ChallengeResponse.accepts(HashType.SHA256, SMALL_KEY, CHALLENGE, Arrays.copyOf(right, 32)));
    }

    @Test
    void challengesAreFreshRandom64ByteBlocks() {
        byte[] a = ChallengeResponse.newChallenge();
        byte[] b = ChallengeResponse.newChallenge();
        assertEquals(64, a.length);
        assertFalse(Arrays.equals(a, b));
    }
}
