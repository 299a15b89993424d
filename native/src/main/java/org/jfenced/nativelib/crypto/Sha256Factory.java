package org.jfenced.nativelib.crypto;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@link Sha256} computations: through libcrypto when it loads and passes a known-answer check,
 * through the JDK otherwise. On CPUs with SHA instructions libcrypto is about half again as fast as the
 * JDK 17 (which does not use them), and a backup checksums every byte it copies.
 */
public final class Sha256Factory {

    private static final Logger LOG = LoggerFactory.getLogger(Sha256Factory.class);

    /** By SONAME: the unversioned {@code libcrypto.so} exists only with the -dev package. OpenSSL 3, then 1.1. */
    static final List<String> LIBCRYPTO = List.of("libcrypto.so.3", "libcrypto.so.1.1");
    /** SHA-256("abc"), FIPS 180-2 appendix B.1. */
    private static final byte[] ABC_DIGEST = HexFormat.of()
            .parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    private final Supplier<Sha256> maker;
    private final String implementation;

    private Sha256Factory(Supplier<Sha256> maker, String implementation) {
        this.maker = maker;
        this.implementation = implementation;
    }

    /** The process's factory, chosen on first use from {@link #LIBCRYPTO}. */
    public static Sha256Factory system() {
        return SystemFactory.INSTANCE;
    }

    /** Loaded once, when first asked for: a daemon without a backup service never loads libcrypto. */
    private static final class SystemFactory {
        static final Sha256Factory INSTANCE = load(LIBCRYPTO);
    }

    /** The first of {@code libraries} that loads and computes SHA-256 right; the JDK's if none does. */
    static Sha256Factory load(List<String> libraries) {
        StringBuilder why = new StringBuilder();
        for (String name : libraries) {
            try {
                EvpLib evp = Native.load(name, EvpLib.class);
                Pointer md = evp.EVP_sha256();
                if (md == null) {
                    throw new IllegalStateException("EVP_sha256() returned NULL");
                }
                Sha256Factory f = new Sha256Factory(() -> new OpenSslSha256(evp, md), "OpenSSL " + name);
                f.checkKnownAnswer();
                LOG.debug("SHA-256 through {}", f.implementation);
                return f;
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                why.append(why.length() == 0 ? "" : "; ").append(name).append(": ").append(reason(e));
            }
        }
        LOG.info("SHA-256 through the JDK, which is slower on CPUs with SHA instructions: libcrypto unusable ({})",
                why);
        return new Sha256Factory(JdkSha256::new, "the JDK");
    }

    /**
     * The line of JNA's report that says what went wrong ("cannot open shared object file", "undefined
     * symbol"), not the ones that list every place it looked, which would spread the log line over several.
     */
    private static String reason(Throwable e) {
        String message = String.valueOf(e.getMessage());
        return message.lines()
                .filter(l -> !l.startsWith("Unable to load library") && !l.startsWith("Native library ("))
                .findFirst()
                .orElse(message.lines().findFirst().orElse(e.getClass().getSimpleName()));
    }

    /** A new computation; close it when done. */
    public Sha256 create() {
        return maker.get();
    }

    /** Where the digests come from: {@code OpenSSL libcrypto.so.3} or {@code the JDK}. */
    public String implementation() {
        return implementation;
    }

    /** A library with the right symbols but wrong results (a stub, a broken build) must not write manifests. */
    private void checkKnownAnswer() {
        try (Sha256 sha = create()) {
            sha.update("abc".getBytes(StandardCharsets.US_ASCII));
            if (!Arrays.equals(sha.digest(), ABC_DIGEST)) {
                throw new IllegalStateException("wrong SHA-256 of \"abc\"");
            }
        }
    }
}
