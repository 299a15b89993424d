package org.jfenced.xvm.wire;

import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The mutual authentication after a connection exists: each side proves the key by answering a
 * 64-byte random challenge with {@code pad64(H(key ‖ challenge))}. With {@link HashType#NONE} no bytes
 * are exchanged at all.
 */
public final class ChallengeResponse {

    public static final int LENGTH = HashType.FIELD_LENGTH;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ChallengeResponse() {
    }

    public static byte[] newChallenge() {
        byte[] c = new byte[LENGTH];
        RANDOM.nextBytes(c);
        return c;
    }

    /** The answer to {@code challenge}. */
    public static byte[] answer(HashType auth, byte[] key, byte[] challenge) {
        return auth.digest64(key, challenge);
    }

    /** Whether {@code answer} proves the key, compared over all 64 bytes in constant time. */
    public static boolean accepts(HashType auth, byte[] key, byte[] challenge, byte[] answer) {
        return answer.length == LENGTH && MessageDigest.isEqual(answer(auth, key, challenge), answer);
    }
}
