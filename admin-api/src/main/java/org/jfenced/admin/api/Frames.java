package org.jfenced.admin.api;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.MessageLite;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The framing on the admin socket: each message is preceded by its length as a varint, as protobuf's
 * {@code writeDelimitedTo} writes it. Reading checks the length against a limit before allocating, so a
 * confused or hostile peer cannot make the other side buffer without bound.
 */
public final class Frames {

    private Frames() {
    }

    public static void write(OutputStream out, MessageLite message) throws IOException {
        message.writeDelimitedTo(out);
        out.flush();
    }

    /**
     * The next message's bytes, or {@code null} when the stream ends cleanly before a message starts.
     *
     * @throws IOException when the length exceeds {@code maxBytes} or the stream ends inside a message
     */
    public static byte[] read(InputStream in, int maxBytes) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int length = CodedInputStream.readRawVarint32(first, in);
        if (length < 0 || length > maxBytes) {
            throw new IOException("a message of " + Integer.toUnsignedString(length) + " bytes is over the limit of "
                    + maxBytes);
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("the connection closed inside a message (" + bytes.length + " of " + length
                    + " bytes)");
        }
        return bytes;
    }
}
