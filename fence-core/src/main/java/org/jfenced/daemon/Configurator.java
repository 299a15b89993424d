package org.jfenced.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jfenced.config.AtomicFile;
import org.jfenced.config.ConfigBlock;
import org.jfenced.config.FenceConfig;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.ConfigKey;
import org.jfenced.spi.IoErrors;

/**
 * {@code jfenced -c}: fence_virtd's configuration mode. It asks for the listener (address, port,
 * interface, key file) and the backend (libvirt URI, cpg's name mode), each question defaulting to the
 * file's current value or the default the plugin declares ({@link ConfigKey}), shows the result and writes it only when confirmed —
 * through a temporary file renamed over the old one, mode 0600, so a failure leaves the old file as it
 * was. Everything else in an existing file (groups, other keys) stays.
 */
final class Configurator {

    /** The URI fence_virtd -c offers: backend libvirt requires a URI and declares no default. */
    static final String LOCAL_HYPERVISOR = "qemu:///system";

    /** An IP literal: digits and dots, or hex digits and colons; never a host name to resolve. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final Prompter ask;
    private final PrintStream out;
    private final Map<String, List<ConfigKey>> listeners;
    private final Map<String, List<ConfigKey>> backends;

    /** {@code listeners} and {@code backends}: the installed plugins by name, with the keys each declares. */
    Configurator(Prompter ask, PrintStream out, Map<String, List<ConfigKey>> listeners,
            Map<String, List<ConfigKey>> backends) {
        this.ask = ask;
        this.out = out;
        this.listeners = listeners;
        this.backends = backends;
    }

    /** Asks, shows and writes {@code file}; 0 when written, 1 when not. */
    int run(Path file) throws ConfigException {
        boolean exists = Files.exists(file);
        Optional<FenceConfig> config = read(file, exists);
        if (config.isEmpty()) {
            return 1;
        }
        ConfigBlock root = config.get().root();
        listener(root);
        backend(root);
        String text = config.get().dump();
        out.println();
        out.println("=== Begin Configuration ===");
        out.print(text);
        out.println("=== End Configuration ===");
        if (!(exists ? ask.yesNo("Replace " + file + " with the above", false) : ask.yesNo("Write " + file, true))) {
            out.println("Nothing written.");
            return 1;
        }
        try {
            AtomicFile.write(file, text, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new ConfigException("cannot write " + file + ": " + IoErrors.reason(e), e);
        }
        out.println("Wrote " + file + ".");
        return 0;
    }

    private Optional<FenceConfig> read(Path file, boolean exists) throws ConfigException {
        if (exists) {
            try {
                return Optional.of(FenceConfig.load(file));
            } catch (ConfigException e) {
                out.println(e.getMessage());
                if (!ask.yesNo("Start from scratch", false)) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(FenceConfig.empty(file.toString()));
    }

    private void listener(ConfigBlock root) throws ConfigException {
        out.println();
        out.println("The listener takes fencing requests from the guests: multicast for fence_xvm, tcp for fence_virt.");
        Chosen listener = choose(root, "listener", listeners, "multicast");
        ConfigBlock section = listener.section();
        Defaults defaults = listener.defaults();
        switch (listener.name()) {
            case "multicast" -> {
                address(section, "Multicast IP address", defaults);
                port(section, defaults);
                networkInterface(section);
                keyFile(section, defaults);
            }
            case "tcp" -> {
                address(section, "TCP listen IP address", defaults);
                port(section, defaults);
                keyFile(section, defaults);
            }
            default -> out.println("No questions for listener " + listener.name() + "; see its documentation.");
        }
    }

    private void backend(ConfigBlock root) throws ConfigException {
        out.println();
        out.println("The backend fences the VMs: libvirt on this host, cpg across a corosync cluster of hosts.");
        Chosen backend = choose(root, "backend", backends, "libvirt");
        switch (backend.name()) {
            case "libvirt" -> uri(backend.section(), backend.defaults());
            case "cpg" -> {
                uri(backend.section(), backend.defaults());
                nameMode(backend.section());
            }
            default -> out.println("No questions for backend " + backend.name() + "; see its documentation.");
        }
    }

    /** The plugin of {@code kind} the operator names, set in {@code fence_virtd}, and its block to fill. */
    private Chosen choose(ConfigBlock root, String kind, Map<String, List<ConfigKey>> installed, String dflt)
            throws ConfigException {
        ConfigBlock daemon = root.editSection("fence_virtd");
        List<String> known = installed.keySet().stream().sorted().toList();
        String name = ask.text(Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + " module",
                daemon.get(kind).orElse(dflt), answer -> known.contains(answer)
                        || ask.yesNo("No " + kind + " module named " + answer + " is installed (there are "
                                + String.join(", ", known) + "). Use this value anyway", false)
                        ? Optional.empty() : Optional.of("choose one of " + String.join(", ", known)));
        daemon.set(kind, Optional.of(name));
        return new Chosen(name, root.editSection(kind + "s").editSection(name),
                new Defaults(installed.getOrDefault(name, List.of())));
    }

    private record Chosen(String name, ConfigBlock section, Defaults defaults) {
    }

    private void address(ConfigBlock section, String question, Defaults defaults) throws ConfigException {
        String address = ask.text(question, section.get("address").orElse(defaults.of("address")),
                Configurator::notAnAddress);
        section.set("address", Optional.of(address));
        section.set("family", Optional.of(address.contains(":") ? "ipv6" : "ipv4"));
    }

    private static Optional<String> notAnAddress(String answer) {
        if (IP_LITERAL.matcher(answer).matches()) {
            try {
                InetAddress.getByName(answer);
                return Optional.empty();
            } catch (UnknownHostException e) {
                // not a literal after all: said below
            }
        }
        return Optional.of("'" + answer + "' is not an IP address");
    }

    private void port(ConfigBlock section, Defaults defaults) throws ConfigException {
        section.set("port", Optional.of(ask.text("Port", section.get("port").orElse(defaults.of("port")), answer -> {
            try {
                int port = Integer.parseInt(answer);
                return port >= 1 && port <= 65535 ? Optional.empty() : Optional.of("a port is 1 to 65535");
            } catch (NumberFormatException e) {
                return Optional.of("'" + answer + "' is not a port number");
            }
        })));
    }

    private void networkInterface(ConfigBlock section) throws ConfigException {
        out.println("An interface makes the listener join the group there only; guests that use this host as their"
                + " gateway need it (often virbr0). \"none\" listens on the default interface.");
        String answer = ask.text("Interface", section.get("interface").orElse("none"), name -> {
            if (name.equals("none") || exists(name)) {
                return Optional.empty();
            }
            return ask.yesNo("There is no interface " + name + " on this host now. Use it anyway", true)
                    ? Optional.empty() : Optional.of("no interface " + name);
        });
        section.set("interface", answer.equals("none") ? Optional.empty() : Optional.of(answer));
    }

    private static boolean exists(String interfaceName) {
        try {
            return NetworkInterface.getByName(interfaceName) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private void keyFile(ConfigBlock section, Defaults defaults) throws ConfigException {
        out.println("The key file is the secret shared with every host and guest of the cluster"
                + " (jfencectl keygen makes one); \"none\" accepts unsigned requests.");
        String answer = ask.text("Key file", section.get("key_file").orElse(defaults.of("key_file")),
                path -> path.equals("none") || path.startsWith("/") ? Optional.empty()
                        : Optional.of("the key file needs an absolute path"));
        section.set("key_file", answer.equals("none") ? Optional.empty() : Optional.of(answer));
    }

    private void uri(ConfigBlock section, Defaults defaults) throws ConfigException {
        section.set("uri", Optional.of(ask.text("Libvirt URI", section.get("uri").orElse(defaults.of("uri", LOCAL_HYPERVISOR)),
                uri -> uri.contains(":") ? Optional.empty() : Optional.of("'" + uri + "' is not a libvirt URI"))));
    }

    private void nameMode(ConfigBlock section) throws ConfigException {
        out.println("The cpg backend finds VMs by UUID (unique cluster-wide) or by name (only safe when every VM name"
                + " is unique in the cluster).");
        section.set("name_mode", Optional.of(ask.text("VM naming mode (uuid or name)",
                section.get("name_mode").orElse("uuid"), mode -> switch (mode) {
                    case "uuid" -> Optional.empty();
                    case "name" -> ask.yesNo("Name mode fences the wrong VM if two hosts run VMs of the same name."
                            + " Use name mode anyway", true) ? Optional.empty() : Optional.of("name mode declined");
                    default -> Optional.of("uuid or name");
                })));
    }

    /** The defaults a plugin declares, as answers: the first of several ("A, or B with …"); none when in words. */
    private record Defaults(List<ConfigKey> keys) {
        String of(String key) {
            return of(key, "");
        }

        String of(String key, String otherwise) {
            return keys.stream().filter(k -> k.matches(key)).map(k -> k.defaultValue().split(",")[0].strip())
                    .filter(v -> !v.isEmpty() && !v.contains(" ")).findFirst().orElse(otherwise);
        }
    }
}
