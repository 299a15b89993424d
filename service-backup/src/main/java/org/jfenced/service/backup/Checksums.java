package org.jfenced.service.backup;

import java.util.HexFormat;
import org.jfenced.nativelib.crypto.Sha256;
import org.jfenced.nativelib.crypto.Sha256Factory;

/** SHA-256 for the manifest: libcrypto's where it loads, the JDK's otherwise (the same digests). */
final class Checksums {

    private Checksums() {
    }

    /** Close it when done: it may hold native memory. */
    static Sha256 sha256() {
        return Sha256Factory.system().create();
    }

    static String hex(Sha256 sha) {
        return HexFormat.of().formatHex(sha.digest());
    }

    /** For the log: which SHA-256 the checksums come from. */
    static String implementation() {
        return Sha256Factory.system().implementation();
    }
}
