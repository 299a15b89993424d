package org.jfenced.service.cluster;

import org.jfenced.spi.FenceService;

/**
 * The service's activity is its part in the CPG group through which changes reach the other nodes (when
 * the backend is clustered); the rest is {@code jfencectl cluster …}, registered when the service is
 * created. Files are read at every command, so hand edits between commands are seen.
 */
final class ClusterService implements FenceService {

    private final GroupPropagator propagator;

    ClusterService(GroupPropagator propagator) {
        this.propagator = propagator;
    }

    @Override
    public void start() throws Exception {
        propagator.start();
    }

    @Override
    public void close() {
        propagator.close();
    }
}
