package org.jfenced.backend.docker;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jfenced.spi.BackendFactory;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigKey;
import org.jfenced.spi.ConfigSection;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.PluginContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates backend {@code docker} from
 * {@code backends { docker { host = "unix:///run/docker.sock"; label = "…"; command = "docker"; timeout = "20"; } }}.
 */
public final class DockerBackendFactory implements BackendFactory {

    private static final Logger LOG = LoggerFactory.getLogger(DockerBackendFactory.class);

    private static final List<ConfigKey> KEYS = List.of(
            new ConfigKey("host", "unix:///run/docker.sock", "The Docker daemon, as docker --host takes it:"
                    + " unix:///PATH or tcp://HOST:PORT."),
            new ConfigKey("label", "", "Only containers with this label (KEY or KEY=VALUE) are VMs; without it,"
                    + " every container of the daemon may be fenced."),
            new ConfigKey("command", "docker", "The docker client to run."),
            new ConfigKey("timeout", "20", "Seconds one docker command may take before it is killed and the"
                    + " request fails."));

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return KEYS;
    }

    @Override
    public FenceBackend create(ConfigSection config, PluginContext context) throws ConfigException {
        String host = config.get("host", "unix:///run/docker.sock");
        if (!host.startsWith("unix://") && !host.startsWith("tcp://")) {
            throw config.invalid("host", "expected unix:///PATH or tcp://HOST:PORT, got \"" + host + '"');
        }
        Optional<String> label = config.get("label");
        if (label.isPresent() && label.get().isBlank()) {
            throw config.invalid("label", "empty label: leave the key out to fence every container");
        }
        String command = config.get("command", "docker");
        Duration timeout = Duration.ofSeconds(config.getLong("timeout", 20, 1, 600));
        ContainerBackend backend = new ContainerBackend(new DockerCli(command, host, label, timeout));
        LOG.info("docker backend: containers of {}{}", host, label.map(l -> " labelled " + l).orElse(""));
        return backend;
    }
}
