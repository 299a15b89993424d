package org.jfenced.admin;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jfenced.dispatch.AclGroups;
import org.jfenced.dispatch.Dispatcher;
import org.jfenced.journal.JournalSettings;
import org.jfenced.plugin.DiscoveredPlugin;
import org.jfenced.spi.ClusterView;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigSection;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.FenceListener;
import org.jfenced.spi.FenceService;

/**
 * What the admin commands look at: the facts of the running daemon and its live parts. The commands
 * exist before the parts do (plugins register theirs while they are created); they only run once the
 * daemon serves, when every part is there.
 */
public interface DaemonView {

    /** Longer than a libvirt listing takes, short enough that an administrator does not give up. */
    Duration VIEW_DEADLINE = Duration.ofSeconds(10);

    /** The admin socket counts as a listener of its own in the request counters. */
    String ADMIN_ORIGIN = "admin";

    String version();

    long pid();

    Instant started();

    Path configFile();

    AdminSettings admin();

    /** Every plugin found. */
    List<DiscoveredPlugin> plugins();

    /** The plugins the configuration selected. */
    List<DiscoveredPlugin> inUse();

    /** The configured listeners by name, in the order {@code fence_virtd/@listener} names them. */
    Map<String, FenceListener> listeners();

    String backendName();

    FenceBackend backend();

    Dispatcher dispatcher();

    /** What {@code jfencectl metrics} and the {@code /metrics} endpoint scrape: see {@link FenceMetrics#registryOf}. */
    PrometheusRegistry metrics();

    /** A listener's block, for the settings a client must match ({@code explain}). */
    default Optional<ConfigSection> listenerConfig(String listener) {
        return Optional.empty();
    }

    /** The groups that judge a listener's clients: its own, or every group. */
    default Optional<AclGroups> groupsOf(String listener) {
        return Optional.empty();
    }

    /** The plugin a listener is, by the listener's name. */
    default Optional<String> pluginOf(String listener) {
        return Optional.of(listener);
    }

    /** Where the journal is, when the daemon keeps one; the history reads it across restarts. */
    default Optional<JournalSettings> journal() {
        return Optional.empty();
    }

    /** The services that run, by name, in start order. */
    default Map<String, FenceService> services() {
        return Map.of();
    }

    /** The backend's view of VMs and members, or an exception saying why there is none in time. */
    default ClusterView clusterView() throws Exception {
        try {
            return backend().clusterView().toCompletableFuture().get(VIEW_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new Exception("backend " + backendName() + " did not answer within " + VIEW_DEADLINE.toSeconds()
                    + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new Exception("backend " + backendName() + ": " + (cause.getMessage() == null ? cause.toString()
                    : cause.getMessage()), cause);
        }
    }

    /** Where clients of an origin (a listener's name, or {@link #ADMIN_ORIGIN}) connect. */
    default String endpointOf(String origin) {
        FenceListener l = listeners().get(origin);
        if (l != null) {
            return l.endpoint();
        }
        return origin.equals(ADMIN_ORIGIN) ? "unix " + admin().socket() : "";
    }

    /**
     * Re-reads the config file and takes over what may change while serving, or changes nothing.
     *
     * @return what changed, a line each
     * @throws ConfigException why nothing changed, naming the file and key
     */
    List<String> reload() throws ConfigException;
}
