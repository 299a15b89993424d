package org.jfenced.daemon;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The daemon's everyday command line — what bin/jfenced, its systemd unit and fence_virtd's habits pass:
 * {@code -F}, {@code -w} (also together, {@code -Fw}), {@code -f FILE}, {@code -p FILE}, {@code -d LEVEL},
 * {@code --plugins DIR}, {@code --ready-file FILE} — read without picocli. picocli reads the annotated
 * options by reflection and its classes are too old for the class-data sharing archive: some 165 classes
 * parsed from the jar at every start, a large share of the CPU the daemon needs until it serves. Anything
 * else — help, {@code -l}, {@code -c}, {@code --demo}, a value glued to its option, a value that looks
 * like an option, an option given twice, anything unknown — is left to picocli, which knows what it means
 * or how to say what is wrong.
 */
final class PlainCommandLine {

    /** The options this reader takes; {@code PlainCommandLineTest} holds them and {@link #LEFT_TO_PICOCLI} to picocli's. */
    static final Set<String> OPTIONS = Set.of("-F", "-w", "-f", "-p", "-d", "--plugins", "--ready-file");

    /** The options only picocli reads. */
    static final Set<String> LEFT_TO_PICOCLI = Set.of("-l", "-c", "-h", "--help", "--demo");

    private PlainCommandLine() {
    }

    /** The daemon with its options set when the command line is an everyday one; empty when picocli should read it. */
    static Optional<Jfenced> read(String... args) {
        Jfenced j = new Jfenced(List.of(args));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.matches("-[Fw]{1,2}")) {
                for (char flag : a.substring(1).toCharArray()) {
                    if (!seen.add("-" + flag)) {
                        return Optional.empty();
                    }
                    if (flag == 'F') {
                        j.foreground = true;
                    } else {
                        j.waitForBackend = true;
                    }
                }
                continue;
            }
            String name = a.startsWith("--plugins=") ? "--plugins" : a;
            if (!OPTIONS.contains(name) || !seen.add(name)) {
                return Optional.empty();
            }
            // a missing value reads as empty: picocli says what is missing
            String glued = a.substring(name.length());
            String value = !glued.isEmpty() ? glued.substring(1) : i + 1 < args.length ? args[++i] : "";
            if (value.isEmpty() || value.startsWith("-")) {
                return Optional.empty();
            }
            switch (name) {
                case "-f" -> j.configFile = Path.of(value);
                case "-p" -> j.pidFile = Path.of(value);
                case "--plugins" -> j.pluginsDir = Path.of(value);
                case "--ready-file" -> j.readyFile = Path.of(value);
                default -> {
                    if (!value.matches("[0-9]{1,9}")) {
                        return Optional.empty();
                    }
                    j.debug = Integer.valueOf(value);
                }
            }
        }
        return Optional.of(j);
    }
}
