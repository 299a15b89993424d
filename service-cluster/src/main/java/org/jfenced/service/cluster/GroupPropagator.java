package org.jfenced.service.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jfenced.nativelib.CorosyncException;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.Membership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --propagate} through the service's own CPG group, which it joins only when the daemon's backend
 * is clustered (backend {@code cpg}): then corosync runs here, and every node of the cluster runs a jfenced
 * that should take part. The backend is looked at when the service starts, since it may not exist yet
 * while the service is created.
 */
final class GroupPropagator implements Propagator, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupPropagator.class);
    /** How long the backend may take to tell its group; it answers from memory. */
    private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(5);

    private final String groupName;
    private final Supplier<Optional<FenceBackend>> backend;
    private final OfferReceiver receiver;
    private final Duration answerTimeout;
    private volatile ConfigGroup group;
    private volatile String unavailable = "--propagate: the cluster service has not started yet";

    GroupPropagator(String groupName, Supplier<Optional<FenceBackend>> backend, OfferReceiver receiver,
                    Duration answerTimeout) {
        this.groupName = groupName;
        this.backend = backend;
        this.receiver = receiver;
        this.answerTimeout = answerTimeout;
    }

    /** Joins the group when the backend is clustered; otherwise {@code --propagate} is refused, saying why. */
    void start() throws CorosyncException, InterruptedException {
        if (backendMembership().isEmpty()) {
            unavailable = "--propagate needs a clustered backend (cpg) on this daemon; this one serves its own"
                    + " host alone, so copy the file to the other nodes instead";
            LOG.info("service cluster: the backend is not clustered, so --propagate is off");
            return;
        }
        group = ConfigGroup.join(groupName, receiver);
        LOG.info("service cluster: in CPG group {} as node {}; changes made with --propagate reach every member",
                groupName, group.localNodeId());
    }

    @Override
    public void checkAvailable() throws ClusterConfigException {
        ConfigGroup g = group;
        if (g == null) {
            throw new ClusterConfigException(unavailable);
        }
        if (!g.isConnected()) {
            throw new ClusterConfigException("--propagate: this node is not connected to its corosync (CPG group "
                    + groupName + "); is corosync running? Nothing was changed");
        }
    }

    @Override
    public PropagationReport propagate(ClusterConfig config, String text) throws ClusterConfigException,
            InterruptedException {
        // called after checkAvailable(): the group exists, and a corosync lost since then makes the offer unsent
        ConfigGroup g = Objects.requireNonNull(group, "propagate before checkAvailable");
        long start = System.nanoTime();
        PendingOffer.Settlement settlement = g.offer(config.configVersion(), text.getBytes(StandardCharsets.UTF_8),
                answerTimeout);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        List<Long> backendMembers = backendMembership().map(Membership::members).orElse(List.of());
        PropagationReport report = PropagationReport.of(config, g.localNodeId(), groupName, settlement,
                backendMembers, elapsedMillis);
        LOG.info("propagated config_version {} in {} ms: {}", config.configVersion(), elapsedMillis,
                report.ok() ? "every member has it" : "not every member has it");
        return report;
    }

    @Override
    public void close() {
        ConfigGroup g = group;
        if (g != null) {
            g.close();
        }
    }

    private Optional<Membership> backendMembership() throws InterruptedException {
        Optional<FenceBackend> b = backend.get();
        if (b.isEmpty()) {
            return Optional.empty();
        }
        try {
            return b.get().clusterView().toCompletableFuture().get(VIEW_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .membership();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("service cluster: the backend did not tell its group: {}", e.toString());
            return Optional.empty();
        }
    }
}
