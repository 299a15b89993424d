package org.jfenced.spi;

/**
 * Receives requests from clients and hands them to {@link PluginContext#dispatcher()}.
 *
 * <p>The factory only validates configuration; {@link #start()} binds sockets, so that a bad
 * configuration is reported before anything listens.
 */
public interface FenceListener extends AutoCloseable {

    /** Binds and starts serving; throws when the endpoint cannot be opened. */
    void start() throws Exception;

    /** Where clients reach it, such as {@code tcp 127.0.0.1:1229}. */
    String endpoint();

    /** Stops accepting, lets in-flight requests finish briefly, releases sockets. */
    @Override
    void close();
}
