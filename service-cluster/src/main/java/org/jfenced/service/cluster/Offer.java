package org.jfenced.service.cluster;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A corosync.conf its origin has written and offers to every member of the group.
 *
 * @param configVersion the file's {@code totem.config_version}, as the origin read it
 * @param file          the file's bytes exactly as the origin wrote them
 * @param sha256        the SHA-256 of {@code file} as the origin computed it
 */
record Offer(OfferId id, long configVersion, byte[] file, byte[] sha256) implements ConfigMessage {

    static Offer of(OfferId id, long configVersion, byte[] file) {
        return new Offer(id, configVersion, file, sha256(file));
    }

    /** Whether the file still has the hash the origin gave it. */
    boolean intact() {
        return MessageDigest.isEqual(sha256, sha256(file));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
