package org.jfenced.nativelib.crypto;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 of the Java runtime, which every runtime has. */
final class JdkSha256 implements Sha256 {

    private final MessageDigest digest;
    private boolean finished;

    JdkSha256() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the Java runtime lacks SHA-256", e);
        }
    }

    @Override
    public void update(ByteBuffer data) {
        requireUnfinished();
        digest.update(data);
    }

    @Override
    public byte[] digest() {
        requireUnfinished();
        finished = true;
        return digest.digest();
    }

    @Override
    public void close() {
    }

    /** MessageDigest would start over silently; the OpenSSL one cannot, and both must behave alike. */
    private void requireUnfinished() {
        if (finished) {
            throw new IllegalStateException("this SHA-256 is finished: digest() was called");
        }
    }
}
