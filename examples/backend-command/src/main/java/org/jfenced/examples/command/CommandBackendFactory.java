package org.jfenced.examples.command;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jfenced.spi.BackendFactory;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigKey;
import org.jfenced.spi.ConfigSection;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.PluginContext;

/**
 * Backend {@code command} from
 * {@code backends { command { status = "…"; off = "…"; on = "…"; list = "…"; timeout = "10"; } }}.
 */
public final class CommandBackendFactory implements BackendFactory {

    @Override
    public String name() {
        return "command";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                new ConfigKey("status", "", "Required: the command that tells a VM's state, {vm} standing for its name;"
                        + " exit 0 means on, 2 off, anything else failure."),
                new ConfigKey("off", "", "Required: the command that powers a VM off at once; exit 0 means done,"
                        + " also when it was off already."),
                new ConfigKey("on", "", "Required: the command that starts a VM; exit 0 means done."),
                new ConfigKey("reboot", "off, then on", "The command that resets a VM; without it a reboot is off"
                        + " followed by on."),
                new ConfigKey("list", "", "Required: the command that prints every VM, one a line: name, UUID and"
                        + " on or off, separated by blanks."),
                new ConfigKey("timeout", "10", "Seconds a command may run before it is killed and the request"
                        + " answered with failure (1 to 60)."));
    }

    @Override
    public FenceBackend create(ConfigSection config, PluginContext context) throws ConfigException {
        Duration timeout = Duration.ofSeconds(config.getLong("timeout", 10, 1, 60));
        CommandLine off = required(config, "off");
        CommandLine on = required(config, "on");
        Optional<CommandLine> reboot = optional(config, "reboot");
        return new CommandBackend(new CommandBackend.Commands(required(config, "status"), off, on, reboot,
                required(config, "list")), timeout);
    }

    private static CommandLine required(ConfigSection config, String key) throws ConfigException {
        return optional(config, key).orElseThrow(() -> config.invalid(key, "required: the command to run"));
    }

    private static Optional<CommandLine> optional(ConfigSection config, String key) throws ConfigException {
        Optional<String> value = config.get(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(CommandLine.parse(value.get()));
        } catch (IllegalArgumentException e) {
            throw config.invalid(key, e.getMessage());
        }
    }
}
