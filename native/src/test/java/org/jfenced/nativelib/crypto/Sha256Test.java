package org.jfenced.nativelib.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** libcrypto's SHA-256 through the binding gives the JDK's digests, however the data is cut up. */
class Sha256Test {

    private static final Sha256Factory OPENSSL = Sha256Factory.load(Sha256Factory.LIBCRYPTO);

    @Test
    void theBindingIsLibcryptoNotTheFallback() {
        assertEquals("OpenSSL libcrypto.so.3", OPENSSL.implementation(), "package libssl3 is installed here");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "abc|ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            + "|248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
            + "|cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"})
    void nistVectors(String vector) {
        String[] v = vector.split("\\|");
        byte[] message = v[0].getBytes(StandardCharsets.US_ASCII);
        assertEquals(v[1], hex(inChunks(message, message.length == 0 ? 1 : message.length, ByteBuffer::allocateDirect)));
        assertEquals(v[1], hex(inChunks(message, 1, ByteBuffer::allocate)));
    }

    @Test
    void aMillionAs() {
        byte[] a = new byte[1_000_000];
        Arrays.fill(a, (byte) 'a');
        assertEquals("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
                hex(inChunks(a, 4096, ByteBuffer::allocateDirect)));
    }

    @Test
    void emptyInputAndEmptyUpdates() {
        try (Sha256 sha = OPENSSL.create()) {
            sha.update(ByteBuffer.allocateDirect(0));
            sha.update(new byte[0]);
            assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hex(sha.digest()));
        }
    }

    /** Around SHA-256's 64-byte block, the 64 KiB staging of heap data, and the 1 MiB chunks of a backup. */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 55, 56, 63, 64, 65, 127, 128, 129, 1000, 4095, 4096, 65535, 65536, 65537, 131073,
        1 << 20, (1 << 20) + 1})
    void randomDataInChunksOfEverySizeMatchesTheJdk(int chunk) {
        byte[] data = random(3 * (1 << 20) + 17, chunk);
        byte[] expected = jdk(data);
        assertArrayEquals(expected, inChunks(data, chunk, ByteBuffer::allocateDirect), "direct buffers");
        assertArrayEquals(expected, inChunks(data, chunk, ByteBuffer::allocate), "heap buffers");
    }

    @Test
    void aDirectBufferIsHashedFromItsPositionToItsLimit() {
        byte[] data = random(10_000, 1);
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data);
        try (Sha256 sha = OPENSSL.create()) {
            sha.update(direct.position(100).limit(9_000));
            assertEquals(9_000, direct.position(), "consumed to the limit");
            assertArrayEquals(jdk(Arrays.copyOfRange(data, 100, 9_000)), sha.digest());
        }
        try (Sha256 sha = OPENSSL.create()) {
            sha.update(direct.clear().position(33).slice().limit(500));
            assertArrayEquals(jdk(Arrays.copyOfRange(data, 33, 533)), sha.digest(), "a slice");
        }
    }

    /** Past 512 MiB the message length in bits no longer fits 32 bits. */
    @Test
    void moreThanHalfAGibibyteMatchesTheJdk() throws Exception {
        ByteBuffer block = ByteBuffer.allocateDirect(1 << 20).put(random(1 << 20, 7)).flip();
        MessageDigest jdk = MessageDigest.getInstance("SHA-256");
        try (Sha256 sha = OPENSSL.create()) {
            for (int i = 0; i < 513; i++) {
                sha.update(block.duplicate());
                jdk.update(block.duplicate());
            }
            ByteBuffer tail = block.duplicate().limit(12_345);
            sha.update(tail.duplicate());
            jdk.update(tail);
            assertArrayEquals(jdk.digest(), sha.digest());
        }
    }

    @Test
    void aFinishedOrClosedDigestRefusesMoreInsteadOfTouchingFreedMemory() {
        Sha256 sha = OPENSSL.create();
        sha.update(new byte[] {1});
        sha.digest();
        assertThrows(IllegalStateException.class, () -> sha.update(new byte[] {2}));
        assertThrows(IllegalStateException.class, sha::digest);
        sha.close();
        sha.close();
        assertThrows(IllegalStateException.class, () -> sha.update(ByteBuffer.allocateDirect(1)));
    }

    private static byte[] inChunks(byte[] data, int chunk, IntFunction<ByteBuffer> allocate) {
        try (Sha256 sha = OPENSSL.create()) {
            ByteBuffer buf = allocate.apply(chunk);
            for (int off = 0; off < data.length; off += chunk) {
                buf.clear().put(data, off, Math.min(chunk, data.length - off)).flip();
                sha.update(buf);
                assertTrue(!buf.hasRemaining());
            }
            return sha.digest();
        }
    }

    static byte[] jdk(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
