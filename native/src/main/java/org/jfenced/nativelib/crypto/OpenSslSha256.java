package org.jfenced.nativelib.crypto;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/**
 * SHA-256 in libcrypto, which uses the CPU's SHA instructions where the JDK 17 does not. A direct buffer
 * is hashed where it lies; a heap buffer goes through a small direct one first.
 */
final class OpenSslSha256 implements Sha256 {

    static final int DIGEST_LENGTH = 32;
    /** Heap data is staged in pieces of this size: only the domain XML and the manifest come that way. */
    private static final int STAGING = 64 << 10;

    private final EvpLib evp;
    private Pointer ctx;
    private boolean finished;
    private ByteBuffer staging;

    OpenSslSha256(EvpLib evp, Pointer sha256) {
        this.evp = evp;
        Pointer c = evp.EVP_MD_CTX_new();
        if (c == null) {
            throw new IllegalStateException("EVP_MD_CTX_new failed: out of memory");
        }
        if (evp.EVP_DigestInit_ex(c, sha256, null) != 1) {
            evp.EVP_MD_CTX_free(c);
            throw new IllegalStateException("EVP_DigestInit_ex(SHA-256) failed");
        }
        this.ctx = c;
    }

    @Override
    public void update(ByteBuffer data) {
        Pointer c = open();
        if (data.isDirect()) {
            int n = data.remaining();
            if (n > 0) {
                check(evp.EVP_DigestUpdate(c, Native.getDirectBufferPointer(data).share(data.position()), n),
                        "EVP_DigestUpdate");
            }
            data.position(data.limit());
            return;
        }
        if (staging == null) {
            staging = ByteBuffer.allocateDirect(STAGING);
        }
        while (data.hasRemaining()) {
            ByteBuffer piece = data.slice();
            piece.limit(Math.min(piece.remaining(), STAGING));
            staging.clear().put(piece).flip();
            data.position(data.position() + staging.remaining());
            update(staging);
        }
    }

    @Override
    public byte[] digest() {
        Pointer c = open();
        byte[] md = new byte[DIGEST_LENGTH];
        finished = true;
        check(evp.EVP_DigestFinal_ex(c, md, null), "EVP_DigestFinal_ex");
        return md;
    }

    @Override
    public void close() {
        if (ctx != null) {
            evp.EVP_MD_CTX_free(ctx);
            ctx = null;
        }
    }

    /** A freed or finished context handed to libcrypto would be undefined behaviour, not an exception. */
    private Pointer open() {
        if (ctx == null) {
            throw new IllegalStateException("this SHA-256 is closed");
        }
        if (finished) {
            throw new IllegalStateException("this SHA-256 is finished: digest() was called");
        }
        return ctx;
    }

    private static void check(int result, String call) {
        if (result != 1) {
            throw new IllegalStateException(call + " failed");
        }
    }
}
