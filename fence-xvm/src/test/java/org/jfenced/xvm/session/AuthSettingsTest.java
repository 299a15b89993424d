package org.jfenced.xvm.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.jfenced.xvm.wire.ChallengeResponse;
import org.jfenced.xvm.wire.HashType;
import org.jfenced.xvm.wire.RequestCodec;
import org.junit.jupiter.api.Test;

/** Key rotation: after a reload the old key is accepted for the overlap, and a session goes on with its own key. */
class AuthSettingsTest {

    private static final byte[] OLD = "old-key\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEW = "new-key\n".getBytes(StandardCharsets.US_ASCII);

    private final MovableClock clock = new MovableClock();

    private AuthSettings settings(byte[] key, Duration overlap) {
        return new AuthSettings(HashType.SHA256, HashType.SHA256, key, overlap, clock);
    }

    private static byte[] signedWith(byte[] key) {
        return RequestCodec.encode(4, HashType.SHA256, "vm1", null, 0, 7, 0, new byte[6], key);
    }

    /** The session's answer to a challenge, checked as the client holding {@code key} checks it. */
    private static boolean sessionProves(SessionKey session, byte[] key) {
        byte[] challenge = ChallengeResponse.newChallenge();
        return ChallengeResponse.accepts(HashType.SHA256, key, challenge, session.answer(challenge));
    }

    @Test
    void withinTheOverlapBothKeysAreAcceptedAndEachSessionUsesItsOwn() {
        AuthSettings auth = settings(OLD, Duration.ofMinutes(5));
        auth.reload(settings(NEW, Duration.ofMinutes(5)));

        SessionKey viaOld = auth.verify(signedWith(OLD)).orElseThrow();
        SessionKey viaNew = auth.verify(signedWith(NEW)).orElseThrow();

        assertTrue(sessionProves(viaOld, OLD));
        assertFalse(sessionProves(viaOld, NEW));
        assertTrue(sessionProves(viaNew, NEW));
    }

    @Test
    void afterTheOverlapOnlyTheNewKeyIsAccepted() {
        AuthSettings auth = settings(OLD, Duration.ofMinutes(5));
        auth.reload(settings(NEW, Duration.ofMinutes(5)));

        clock.advance(Duration.ofMinutes(5));

        assertTrue(auth.verify(signedWith(OLD)).isEmpty());
        assertTrue(auth.verify(signedWith(NEW)).isPresent());
    }

    @Test
    void noOverlapRetiresTheOldKeyAtOnce() {
        AuthSettings auth = settings(OLD, Duration.ofMinutes(5));
        auth.reload(settings(NEW, Duration.ZERO));

        assertTrue(auth.verify(signedWith(OLD)).isEmpty());
    }

    @Test
    void aKeyNeverGivenIsNeverAccepted() {
        AuthSettings auth = settings(OLD, Duration.ofMinutes(5));
        auth.reload(settings(NEW, Duration.ofMinutes(5)));

        assertTrue(auth.verify(signedWith("other\n".getBytes(StandardCharsets.US_ASCII))).isEmpty());
    }

    @Test
    void rotatingBackToTheOldKeyRetiresTheNewOneInstead() {
        AuthSettings auth = settings(OLD, Duration.ofMinutes(5));
        auth.reload(settings(NEW, Duration.ofMinutes(5)));
        auth.reload(settings(OLD, Duration.ZERO));

        assertTrue(auth.verify(signedWith(OLD)).isPresent());
        assertTrue(auth.verify(signedWith(NEW)).isEmpty());
    }

    @Test
    void theHashMinimumAndAlgorithmsComeFromTheReload() {
        AuthSettings auth = settings(OLD, Duration.ZERO);
        String change = auth.reload(new AuthSettings(HashType.SHA512, HashType.SHA1, OLD, Duration.ZERO, clock));

        assertEquals(HashType.SHA512, auth.minimumHash());
        assertEquals(HashType.SHA1, auth.auth());
        assertTrue(auth.verify(signedWith(OLD)).isEmpty(), "sha256 is below the new minimum");
        assertEquals("hash sha256 -> sha512, auth sha256 -> sha1", change);
    }

    @Test
    void whatAReloadReportsNeverShowsAKey() {
        AuthSettings auth = settings(OLD, Duration.ofMinutes(5));
        String change = auth.reload(settings(NEW, Duration.ofMinutes(5)));

        assertTrue(change.startsWith("new key; the old one is accepted until "), change);
        assertFalse(change.contains("old-key") || change.contains("new-key"));
        assertFalse(auth.toString().contains("key\n"));
        assertArrayEquals(NEW, auth.currentKey());
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
