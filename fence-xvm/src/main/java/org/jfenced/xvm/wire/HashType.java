package org.jfenced.xvm.wire;

import java.security.MessageDigest;
import java.util.Locale;

/**
 * The digest algorithms of the protocol, for packet signatures ({@code fence_hash_t}) and for the
 * challenge–response ({@code fence_auth_type_t}); both enums use the same numbers.
 */
public enum HashType {
    NONE(0, null),
    SHA1(1, "SHA-1"),
    SHA256(2, "SHA-256"),
    SHA512(3, "SHA-512");

    /** Every digest travels in a 64-byte field, zero-padded behind the digest. */
    public static final int FIELD_LENGTH = 64;

    private final int code;
    private final String jcaName;

    HashType(int code, String jcaName) {
        this.code = code;
        this.jcaName = jcaName;
    }

    public int code() {
        return code;
    }

    /** The type for a wire code, or {@code null} for a code the protocol does not define. */
    public static HashType fromCode(int code) {
        for (HashType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** The type for a configuration value ({@code none}, {@code sha1}, {@code sha256}, {@code sha512}). */
    public static HashType fromConfigName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code pad64(H(key ‖ parts…))}: the digest of the concatenation, zero-padded to 64 bytes. */
    public byte[] digest64(byte[] key, byte[]... parts) {
        if (this == NONE) {
            throw new IllegalStateException("no digest for hash type none");
        }
        MessageDigest md = PrimedDigests.startedWith(jcaName, key);
        for (byte[] p : parts) {
            md.update(p);
        }
        byte[] out = new byte[FIELD_LENGTH];
        byte[] d = md.digest();
        System.arraycopy(d, 0, out, 0, d.length);
        return out;
    }
}
