package org.jfenced.xvm.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** digest64 against the JDK's digest of the whole concatenation, however often and with however many keys. */
class HashTypeTest {

    private static byte[] plain(HashType type, byte[] key, byte[] message) throws Exception {
        MessageDigest md = MessageDigest.getInstance(type == HashType.SHA1 ? "SHA-1"
                : type == HashType.SHA256 ? "SHA-256" : "SHA-512");
        md.update(key);
        md.update(message);
        return Arrays.copyOf(md.digest(), HashType.FIELD_LENGTH);
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Test
    void everyDigestIsTheDigestOfKeyAndMessageWhileKeysComeAndGo() throws Exception {
        Random random = new Random(19);
        // more keys than are kept primed, each used repeatedly and interleaved with the others
        byte[][] keys = new byte[12][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = bytes(random, i == 0 ? 4096 : 1 + random.nextInt(5000));
        }
        for (int round = 0; round < 3; round++) {
            for (HashType type : new HashType[] {HashType.SHA1, HashType.SHA256, HashType.SHA512}) {
                for (byte[] key : keys) {
                    byte[] first = bytes(random, 245);
                    byte[] second = bytes(random, 64);
                    byte[] both = Arrays.copyOf(first, first.length + second.length);
                    System.arraycopy(second, 0, both, first.length, second.length);
                    assertArrayEquals(plain(type, key, both), type.digest64(key, first, second));
                }
            }
        }
    }

    @Test
    void aKeyChangedInPlaceIsHashedAsItIsNow() throws Exception {
        byte[] key = bytes(new Random(7), 4096);
        byte[] message = bytes(new Random(8), 245);
        HashType.SHA256.digest64(key, message);
        key[4095] ^= 1;
        assertArrayEquals(plain(HashType.SHA256, key, message), HashType.SHA256.digest64(key, message));
    }
}
