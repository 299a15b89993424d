package org.jfenced.service.cluster;

import org.jfenced.spi.FenceService;

/**
 * The service has no activity of its own: it exists to offer {@code jfencectl cluster …}, registered when
 * the service is created. Files are read at every command, so hand edits between commands are seen.
 */
final class ClusterService implements FenceService {

    @Override
    public void start() {
    }

    @Override
    public void close() {
    }
}
