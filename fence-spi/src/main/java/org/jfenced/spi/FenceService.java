package org.jfenced.spi;

/** A long-running helper next to fencing (cluster configuration, backups). */
public interface FenceService extends AutoCloseable {

    void start() throws Exception;

    @Override
    void close();
}
