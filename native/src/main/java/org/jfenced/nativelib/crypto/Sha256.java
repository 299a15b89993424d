package org.jfenced.nativelib.crypto;

import java.nio.ByteBuffer;

/**
 * One SHA-256 computation, fed in pieces. Not thread-safe: one thread at a time, with a happens-before
 * between threads that take turns (as a {@code Future.get()} gives). Close it when done, also after
 * {@link #digest()}: it may hold native memory.
 */
public interface Sha256 extends AutoCloseable {

    /** Adds {@code data} from its position to its limit and moves the position to the limit. */
    void update(ByteBuffer data);

    default void update(byte[] data, int offset, int length) {
        update(ByteBuffer.wrap(data, offset, length));
    }

    default void update(byte[] data) {
        update(data, 0, data.length);
    }

    /** The 32-byte digest of everything added; afterwards nothing more can be added. */
    byte[] digest();

    @Override
    void close();
}
