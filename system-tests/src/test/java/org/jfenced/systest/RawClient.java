package org.jfenced.systest;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A hand-driven TCP connection to the daemon, for input the real client never sends. */
final class RawClient implements AutoCloseable {

    private final Socket socket = new Socket();

    RawClient(int port) throws IOException {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
        socket.setSoTimeout(15_000);
    }

    RawClient send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads exactly {@code n} bytes, or fails. */
    byte[] read(int n) throws IOException {
        return socket.getInputStream().readNBytes(n);
    }

    /**
     * Reads until the daemon closes the connection and returns how long that took, in milliseconds;
     * any bytes the daemon sends on the way are returned in {@code received}.
     */
    long awaitClose(java.io.ByteArrayOutputStream received) throws IOException {
        long start = System.nanoTime();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[512];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                received.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the daemon kept the connection open for 15 s", e);
        } catch (IOException e) {
            // a reset also means the daemon closed the connection
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Whether the daemon has closed the connection: end of stream within {@code millis}. */
    boolean closedWithin(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
