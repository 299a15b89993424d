package org.jfenced.listener.serial;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigKey;
import org.jfenced.spi.ConfigSection;
import org.jfenced.spi.FenceListener;
import org.jfenced.spi.ListenerFactory;
import org.jfenced.spi.PluginContext;

/**
 * Listener {@code serial}: {@code uri} (empty or absent: libvirt's default), {@code path} (only ports
 * inside this directory), {@code mode} ({@code serial} or {@code vmchannel}, also {@code 0} or
 * {@code 1} as fence_virtd reads it). {@code key_file}, which fence_virtd demands although serial
 * requests carry no signature, is accepted and not needed.
 */
public final class SerialListenerFactory implements ListenerFactory {

    @Override
    public String name() {
        return SerialListener.NAME;
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                new ConfigKey("uri", "libvirt's default URI", "The libvirt connection whose running domains have the"
                        + " guest ports; only read, any backend fences."),
                new ConfigKey("path", "", "Only sockets inside this directory are guest ports; without it, every"
                        + " socket of the mode's devices is one."),
                new ConfigKey("mode", "serial", "serial: <serial type='unix'> devices; vmchannel: <channel type='unix'>"
                        + " devices (also 0 or 1)."),
                new ConfigKey("key_file", "", "Accepted for fence_virtd's configs and not used: serial requests carry"
                        + " no signature."));
    }

    @Override
    public FenceListener create(ConfigSection config, PluginContext context) throws ConfigException {
        String uri = config.get("uri", "").trim();
        PortMode mode = switch (config.get("mode", "serial").trim().toLowerCase()) {
            case "serial", "0" -> PortMode.SERIAL;
            case "vmchannel", "1" -> PortMode.VMCHANNEL;
            default -> throw config.invalid("mode", "expected serial or vmchannel (or 0 or 1), got \""
                    + config.get("mode", "") + '"');
        };
        Optional<Path> directory = config.get("path").map(String::trim).filter(p -> !p.isEmpty()).map(Path::of);
        if (directory.isPresent() && !directory.get().isAbsolute()) {
            throw config.invalid("path", "expected an absolute directory, got \"" + directory.get() + '"');
        }
        // read so that the daemon does not report it as unknown: fence_virtd's configs must have it
        config.get("key_file");
        return new SerialListener(uri, mode, new PortFinder(mode, directory), context.dispatcher());
    }
}
