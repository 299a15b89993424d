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

    /**
     * A reload re-read the configuration: check {@code config}, this listener's block as it is now, and
     * prepare to take it over, changing nothing yet. It is called even when the block did not change,
     * since a key file it names may have. The daemon runs the returned change only once every part of
     * the daemon accepted the new file, so a bad file changes nothing.
     *
     * @return the change; it must not fail
     * @throws ConfigException naming the key, when the block is invalid or changes what only a restart can
     *     change
     * @throws UnsupportedOperationException by default: the listener takes new settings only at a restart
     */
    default Runnable prepareReload(ConfigSection config) throws ConfigException {
        throw new UnsupportedOperationException("this listener takes new settings only at a restart");
    }

    /**
     * Sends {@code probe}'s status request through this listener's own transport to this daemon, as a
     * client would, and reports each step. It is read-only and must finish within a few of the probe's
     * timeouts.
     */
    default SelfTest selfTest(SelfTest.Probe probe) {
        return SelfTest.unsupported(endpoint());
    }

    /** Stops accepting, lets in-flight requests finish briefly, releases sockets. */
    @Override
    void close();
}
