package org.jfenced.xvm.session;

import java.nio.file.Path;
import java.util.List;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigKey;
import org.jfenced.spi.ConfigSection;
import org.jfenced.xvm.wire.HashType;

/**
 * The key and algorithms a listener authenticates with: {@code key_file}, {@code hash} (the minimum a
 * request's signature must use) and {@code auth} (the challenge–response algorithm). Unlike the C TCP
 * and vsock listeners, which store {@code auth} into the hash minimum, {@code auth} means auth here.
 */
public final class AuthSettings {

    public static final String DEFAULT_KEY_FILE = "/etc/cluster/fence_xvm.key";

    /** The keys {@link #from} reads, for the listeners' {@code configKeys()}. */
    public static final List<ConfigKey> KEYS = List.of(
            new ConfigKey("key_file", DEFAULT_KEY_FILE, "The shared key the clients hold. It must exist and may be"
                    + " readable by its owner only (a wider mode is tightened to 0600 at start-up)."),
            new ConfigKey("hash", "sha256", "The weakest signature a request may carry: none, sha1, sha256 or sha512."),
            new ConfigKey("auth", "sha256", "The challenge-response algorithm: none, sha1, sha256 or sha512; it must"
                    + " match the clients' -C. Unlike fence_virtd's TCP listener, jfenced honours it as written."));

    private final HashType minimumHash;
    private final HashType auth;
    private final byte[] key;

    public AuthSettings(HashType minimumHash, HashType auth, byte[] key) {
        this.minimumHash = minimumHash;
        this.auth = auth;
        this.key = key.clone();
    }

    /** Reads the three keys of a listener block; the key file must exist and be private. */
    public static AuthSettings from(ConfigSection block) throws ConfigException {
        HashType hash = HashType.fromConfigName(block.getChoice("hash", "sha256", "none", "sha1", "sha256", "sha512"));
        HashType auth = HashType.fromConfigName(block.getChoice("auth", "sha256", "none", "sha1", "sha256", "sha512"));
        String keyFile = block.get("key_file", DEFAULT_KEY_FILE);
        byte[] key;
        try {
            key = KeyFile.read(Path.of(keyFile));
        } catch (ConfigException e) {
            throw block.invalid("key_file", e.getMessage());
        }
        return new AuthSettings(hash, auth, key);
    }

    public HashType minimumHash() {
        return minimumHash;
    }

    public HashType auth() {
        return auth;
    }

    /** The raw key bytes; callers must not modify or log them. */
    byte[] key() {
        return key;
    }

    /** Whether the 176-byte packet carries a valid signature of at least the minimum strength. */
    public boolean verify(byte[] request) {
        return org.jfenced.xvm.wire.RequestCodec.verify(request, minimumHash, key);
    }

    @Override
    public String toString() {
        return "hash>=" + minimumHash.configName() + " auth=" + auth.configName() + " key=" + key.length + " bytes";
    }
}
