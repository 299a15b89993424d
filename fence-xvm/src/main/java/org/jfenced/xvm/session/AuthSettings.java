package org.jfenced.xvm.session;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigKey;
import org.jfenced.spi.ConfigSection;
import org.jfenced.xvm.wire.HashType;
import org.jfenced.xvm.wire.RequestCodec;

/**
 * The key and algorithms a listener authenticates with: {@code key_file}, {@code hash} (the minimum a
 * request's signature must use) and {@code auth} (the challenge–response algorithm). Unlike the C TCP
 * and vsock listeners, which store {@code auth} into the hash minimum, {@code auth} means auth here.
 *
 * <p>The settings can be replaced while the listener serves ({@link #reload}): a key that is replaced
 * stays accepted for {@code key_overlap}, so guests can be given the new key one after another without
 * a window in which some of them cannot fence. A request proves which key it was signed with, so each
 * session goes on with that one ({@link SessionKey}). An unsigned request ({@code hash = "none"}) proves
 * nothing: its challenge–response uses the newest key.
 */
public final class AuthSettings {

    public static final String DEFAULT_KEY_FILE = "/etc/cluster/fence_xvm.key";
    public static final Duration DEFAULT_KEY_OVERLAP = Duration.ofMinutes(5);

    /** The keys {@link #from} reads, for the listeners' {@code configKeys()}. */
    public static final List<ConfigKey> KEYS = List.of(
            new ConfigKey("key_file", DEFAULT_KEY_FILE, "The shared key the clients hold. It must exist and may be"
                    + " readable by its owner only (a wider mode is tightened to 0600 at start-up)."),
            new ConfigKey("hash", "sha256", "The weakest signature a request may carry: none, sha1, sha256 or sha512."),
            new ConfigKey("auth", "sha256", "The challenge-response algorithm: none, sha1, sha256 or sha512; it must"
                    + " match the clients' -C. Unlike fence_virtd's TCP listener, jfenced honours it as written."),
            new ConfigKey("key_overlap", String.valueOf(DEFAULT_KEY_OVERLAP.toSeconds()), "jfenced only: seconds for"
                    + " which the old key stays accepted after a reload brought a new one (0: not at all), so guests"
                    + " can be given the new key one by one. Only signed requests (hash not none) can use the old"
                    + " key."));

    private final Clock clock;
    private volatile State state;

    public AuthSettings(HashType minimumHash, HashType auth, byte[] key) {
        this(minimumHash, auth, key, DEFAULT_KEY_OVERLAP, Clock.systemUTC());
    }

    AuthSettings(HashType minimumHash, HashType auth, byte[] key, Duration overlap, Clock clock) {
        this.clock = clock;
        this.state = new State(minimumHash, auth, key.clone(), overlap, List.of());
    }

    /** Reads the keys of a listener block; the key file must exist and be private. */
    public static AuthSettings from(ConfigSection block) throws ConfigException {
        HashType hash = HashType.fromConfigName(block.getChoice("hash", "sha256", "none", "sha1", "sha256", "sha512"));
        HashType auth = HashType.fromConfigName(block.getChoice("auth", "sha256", "none", "sha1", "sha256", "sha512"));
        Duration overlap = Duration.ofSeconds(block.getLong("key_overlap", DEFAULT_KEY_OVERLAP.toSeconds(), 0,
                Duration.ofDays(7).toSeconds()));
        String keyFile = block.get("key_file", DEFAULT_KEY_FILE);
        byte[] key;
        try {
            key = KeyFile.read(Path.of(keyFile));
        } catch (ConfigException e) {
            throw block.invalid("key_file", e.getMessage());
        }
        return new AuthSettings(hash, auth, key, overlap, Clock.systemUTC());
    }

    public HashType minimumHash() {
        return state.minimumHash;
    }

    public HashType auth() {
        return state.auth;
    }

    /** The newest key, for this daemon's own self-test client; never to be logged. */
    byte[] currentKey() {
        return state.key;
    }

    /**
     * The key a 176-byte request was signed with, if it carries a valid signature of at least the
     * minimum strength made with the current key or with an old one still in its overlap.
     */
    public Optional<SessionKey> verify(byte[] request) {
        State s = state;
        if (RequestCodec.verify(request, s.minimumHash, s.key)) {
            return Optional.of(new SessionKey(s.auth, s.key));
        }
        Instant now = clock.instant();
        for (RetiredKey old : s.retired) {
            if (now.isBefore(old.until) && RequestCodec.verify(request, s.minimumHash, old.key)) {
                return Optional.of(new SessionKey(s.auth, old.key));
            }
        }
        return Optional.empty();
    }

    /**
     * Takes over {@code next}'s algorithms, key and overlap. A key that changes stays accepted for
     * {@code next}'s overlap from now on; keys retired earlier keep their own deadline.
     *
     * @return what changed, for the log (it never shows a key)
     */
    public String reload(AuthSettings next) {
        State before = state;
        State incoming = next.state;
        Instant now = clock.instant();
        List<RetiredKey> retired = new ArrayList<>();
        for (RetiredKey old : before.retired) {
            if (now.isBefore(old.until) && !MessageDigest.isEqual(old.key, incoming.key)) {
                retired.add(old);
            }
        }
        boolean keyChanged = !MessageDigest.isEqual(before.key, incoming.key);
        if (keyChanged && !incoming.overlap.isZero()) {
            retired.add(new RetiredKey(before.key, now.plus(incoming.overlap)));
        }
        state = new State(incoming.minimumHash, incoming.auth, incoming.key, incoming.overlap, List.copyOf(retired));
        List<String> changes = new ArrayList<>();
        if (keyChanged) {
            changes.add(incoming.overlap.isZero() ? "new key; the old one is no longer accepted"
                    : "new key; the old one is accepted until " + now.plus(incoming.overlap));
        }
        if (before.minimumHash != incoming.minimumHash) {
            changes.add("hash " + before.minimumHash.configName() + " -> " + incoming.minimumHash.configName());
        }
        if (before.auth != incoming.auth) {
            changes.add("auth " + before.auth.configName() + " -> " + incoming.auth.configName());
        }
        return changes.isEmpty() ? "key and algorithms unchanged" : String.join(", ", changes);
    }

    @Override
    public String toString() {
        State s = state;
        Instant now = clock.instant();
        long old = s.retired.stream().filter(r -> now.isBefore(r.until)).count();
        return "hash>=" + s.minimumHash.configName() + " auth=" + s.auth.configName() + " key=" + s.key.length
                + " bytes" + (old == 0 ? "" : " and " + old + " old key(s) still accepted");
    }

    private record State(HashType minimumHash, HashType auth, byte[] key, Duration overlap, List<RetiredKey> retired) {
    }

    private record RetiredKey(byte[] key, Instant until) {
    }
}
