package org.jfenced.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Detaches the daemon as fence_virtd does without {@code -F}: the same JVM command, in a session of its
 * own ({@code setsid}), its output appended to the log file; this process returns once the daemon
 * serves (0) or has died (1, with the end of the log). Java cannot fork, so the daemon is a second JVM
 * started with {@code -F} and told where to signal readiness.
 */
final class Background {

    /** Where the detached daemon's output goes unless {@value #LOG_ENV} says otherwise. */
    static final String DEFAULT_LOG = "/var/log/jfenced.log";
    static final String LOG_ENV = "JFENCED_LOG";

    private static final long POLL_MILLIS = 100;
    private static final int LOG_LINES_SHOWN = 5;

    private Background() {
    }

    static int start(List<String> args, Path log, PrintStream err) throws IOException, InterruptedException {
        Path ready = Files.createTempFile("jfenced-ready", "");
        Files.delete(ready);
        List<String> command = new ArrayList<>(List.of("setsid", javaCommand()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Jfenced.class.getName()));
        command.addAll(args);
        command.addAll(List.of("-F", "--ready-file", ready.toString()));
        Process daemon = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null")
                .toFile())).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).redirectErrorStream(true)
                .start();
        while (true) {
            if (Files.deleteIfExists(ready)) {
                return 0;
            }
            if (!daemon.isAlive()) {
                err.println("jfenced: the daemon did not start; the end of " + log + ":");
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                lines.subList(Math.max(0, lines.size() - LOG_LINES_SHOWN), lines.size()).forEach(err::println);
                return 1;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
