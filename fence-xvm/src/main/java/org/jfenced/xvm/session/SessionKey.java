package org.jfenced.xvm.session;

import org.jfenced.xvm.wire.ChallengeResponse;
import org.jfenced.xvm.wire.HashType;

/**
 * The key one request proved, with the challenge–response algorithm to use: during a key rotation a
 * listener accepts an old and a new key, and the rest of the session must go on with the one the
 * client's signature was made with. It never shows the key bytes.
 */
public final class SessionKey {

    private final HashType auth;
    private final byte[] key;

    SessionKey(HashType auth, byte[] key) {
        this.auth = auth;
        this.key = key;
    }

    /** The challenge–response algorithm; {@link HashType#NONE} means no challenge is exchanged. */
    public HashType auth() {
        return auth;
    }

    /** This side's answer to the peer's {@code challenge}. */
    public byte[] answer(byte[] challenge) {
        return ChallengeResponse.answer(auth, key, challenge);
    }

    /** Whether the peer's {@code answer} to our {@code challenge} proves this key. */
    public boolean accepts(byte[] challenge, byte[] answer) {
        return ChallengeResponse.accepts(auth, key, challenge, answer);
    }

    @Override
    public String toString() {
        return "auth=" + auth.configName() + " key=" + key.length + " bytes";
    }
}
