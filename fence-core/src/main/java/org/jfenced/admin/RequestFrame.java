package org.jfenced.admin;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * One admin request frame (a varint length, then that many bytes) gathered from a non-blocking channel
 * over as many reads as the client needs, so a client that sends slowly costs a buffer, not a thread.
 * The length is checked against the limit before anything is allocated for the body.
 */
final class RequestFrame {

    /** What a read achieved. */
    enum Progress {
        INCOMPLETE,
        COMPLETE,
        /** The client closed before sending a byte (a daemon probing whether the socket is served does). */
        CLOSED
    }

    private static final int MAX_VARINT_BYTES = 5;

    private final int maxBytes;
    private final ByteBuffer one = ByteBuffer.allocate(1);
    private int length;
    private int lengthBytes;
    private ByteBuffer body;

    RequestFrame(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Reads what the channel has.
     *
     * @throws IOException when the length is over the limit or malformed, or the client closed inside the frame
     */
    Progress readFrom(ReadableByteChannel ch) throws IOException {
        while (body == null) {
            one.clear();
            int n = ch.read(one);
            if (n < 0) {
                if (lengthBytes == 0) {
                    return Progress.CLOSED;
                }
                throw new EOFException("the connection closed inside a request's length");
            }
            if (n == 0) {
                return Progress.INCOMPLETE;
            }
            int b = one.get(0) & 0xff;
            length |= (b & 0x7f) << (7 * lengthBytes);
            lengthBytes++;
            if ((b & 0x80) == 0) {
                if (length < 0 || length > maxBytes) {
                    throw new IOException("a request of " + Integer.toUnsignedString(length)
                            + " bytes is over the limit of " + maxBytes);
                }
                body = ByteBuffer.allocate(length);
            } else if (lengthBytes == MAX_VARINT_BYTES) {
                throw new IOException("a request length that is not a varint");
            }
        }
        while (body.hasRemaining()) {
            int n = ch.read(body);
            if (n < 0) {
                throw new EOFException("the connection closed inside a request (" + body.position() + " of " + length
                        + " bytes)");
            }
            if (n == 0) {
                return Progress.INCOMPLETE;
            }
        }
        return Progress.COMPLETE;
    }

    /** The request's bytes, once {@link #readFrom} answered {@link Progress#COMPLETE}. */
    byte[] bytes() {
        return body.array();
    }
}
