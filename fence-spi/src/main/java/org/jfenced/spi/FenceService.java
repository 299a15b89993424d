package org.jfenced.spi;

import java.util.Optional;

/** A long-running helper next to fencing (cluster configuration, backups). */
public interface FenceService extends AutoCloseable {

    void start() throws Exception;

    /**
     * What the service is doing now, for {@code jfencectl status}; empty when there is nothing to tell.
     * Called on an admin thread: answer from memory, without waiting.
     */
    default Optional<ServiceStatus> status() {
        return Optional.empty();
    }

    @Override
    void close();
}
