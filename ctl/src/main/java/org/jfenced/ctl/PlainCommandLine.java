package org.jfenced.ctl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The everyday command line — jfencectl's own options ({@code --json}, {@code --socket},
 * {@code --instance}, {@code --timeout}) anywhere, everything else the command for the daemon — read without picocli. A
 * jfencectl runs for one exchange, and picocli's reflection over the annotated options was half of its
 * start (its classes are too old for the class-data sharing archive). Anything else — help, version,
 * a malformed value, {@code --} — is left to picocli, which knows how to say what is wrong.
 *
 * @param socket empty when the command line names none
 * @param instance empty when the command line names none
 */
record PlainCommandLine(boolean json, Optional<Path> socket, Optional<String> instance, int timeoutSeconds,
        List<String> argv) {

    /** The option names this reader understands: {@code JfencectlTest} holds them to picocli's. */
    static final Set<String> OPTIONS = Set.of("--json", "--socket", "--instance", "--timeout");

    static final int DEFAULT_TIMEOUT_SECONDS = 60;

    /** The command line when it is an everyday one; empty when picocli should read it. */
    static Optional<PlainCommandLine> read(String... args) {
        boolean json = false;
        Optional<Path> socket = Optional.empty();
        Optional<String> instance = Optional.empty();
        int timeout = DEFAULT_TIMEOUT_SECONDS;
        List<String> argv = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (a.equals("--json")) {
                json = true;
            } else if (name.equals("--socket") || name.equals("--instance") || name.equals("--timeout")) {
                String value;
                if (a.length() > name.length()) {
                    value = a.substring(name.length() + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    return Optional.empty();
                }
                if (name.equals("--socket")) {
                    socket = Optional.of(Path.of(value));
                } else if (name.equals("--instance")) {
                    instance = Optional.of(value);
                } else if (value.matches("[0-9]{1,9}")) {
                    timeout = Integer.parseInt(value);
                } else {
                    return Optional.empty();
                }
            } else if (a.equals("--") || a.startsWith("-h") || a.startsWith("--h") || a.startsWith("--v")
                    || a.startsWith("--json") || a.startsWith("--socket") || a.startsWith("--instance")
                    || a.startsWith("--timeout")) {
                return Optional.empty();
            } else {
                argv.add(a);
            }
        }
        return Optional.of(new PlainCommandLine(json, socket, instance, timeout, List.copyOf(argv)));
    }
}
