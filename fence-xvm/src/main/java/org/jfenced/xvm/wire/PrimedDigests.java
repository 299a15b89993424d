package org.jfenced.xvm.wire;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Digests that have already taken in a key. Every digest of the protocol begins with the shared key,
 * typically 4,096 bytes (64 SHA-256 blocks), in front of a message of one to four blocks, and a request
 * needs three of them (its signature and both challenge answers). Copying the state a digest reached
 * after the key spares hashing the key again each time. On the client compiler, which has no SHA
 * instructions, hashing the key was most of a request's CPU time.
 *
 * <p>A primed state is as secret as its key and lives in this process's memory just as the key does;
 * the newest {@value #MAX_KEYS} keys of each algorithm are kept.
 */
final class PrimedDigests {

    private static final int MAX_KEYS = 4;

    private record Primed(String algorithm, byte[] key, MessageDigest state) {
    }

    private static final List<Primed> PRIMED = new CopyOnWriteArrayList<>();

    private PrimedDigests() {
    }

    /** A digest of {@code algorithm} that has taken in {@code key}, ready for the message. */
    static MessageDigest startedWith(String algorithm, byte[] key) {
        for (Primed p : PRIMED) {
            if (p.algorithm.equals(algorithm) && Arrays.equals(p.key, key)) {
                try {
                    return (MessageDigest) p.state.clone();
                } catch (CloneNotSupportedException e) {
                    break;
                }
            }
        }
        MessageDigest md = newDigest(algorithm);
        md.update(key);
        remember(algorithm, key, md);
        return md;
    }

    /** Keeps the newest keys: after a key change the old one goes once {@value #MAX_KEYS} newer ones came. */
    private static synchronized void remember(String algorithm, byte[] key, MessageDigest md) {
        if (PRIMED.stream().anyMatch(p -> p.algorithm.equals(algorithm) && Arrays.equals(p.key, key))) {
            return;
        }
        if (PRIMED.stream().filter(p -> p.algorithm.equals(algorithm)).count() >= MAX_KEYS) {
            PRIMED.stream().filter(p -> p.algorithm.equals(algorithm)).findFirst().ifPresent(PRIMED::remove);
        }
        try {
            PRIMED.add(new Primed(algorithm, key.clone(), (MessageDigest) md.clone()));
        } catch (CloneNotSupportedException e) {
            // a provider whose digests cannot be copied: every digest takes in the key itself
        }
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }
}
