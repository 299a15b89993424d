package org.jfenced.daemon;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfenced.log.LineStart;

/**
 * Detaches the daemon as fence_virtd does without {@code -F}: the same JVM command, in a session of its
 * own ({@code setsid}), its output appended to the log file — or, for {@value #SYSLOG}, piped into
 * {@code logger --prio-prefix}, each line at its own priority, as fence_virtd logs to syslog; this
 * process returns once the daemon serves (0) or has died (1, with the end of the log). Java cannot
 * fork, so the daemon is a second JVM started with {@code -F} and told where to signal readiness.
 */
final class Background {

    /** Where the detached daemon's output goes unless {@value #LOG_ENV} says otherwise. */
    static final String DEFAULT_LOG = "/var/log/jfenced.log";
    static final String LOG_ENV = "JFENCED_LOG";
    /** {@value #LOG_ENV} for syslog instead of a file. */
    static final String SYSLOG = "syslog";

    private static final long POLL_MILLIS = 100;
    private static final int LOG_LINES_SHOWN = 5;

    private Background() {
    }

    /** @param log a file, or {@value #SYSLOG} */
    static int start(List<String> args, String log, PrintStream err) throws IOException, InterruptedException {
        Path ready = Files.createTempFile("jfenced-ready", "");
        Files.delete(ready);
        boolean syslog = log.equals(SYSLOG);
        List<String> command = new ArrayList<>(List.of("setsid", javaCommand()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (syslog) {
            command.add("-D" + LineStart.PREFIX_PROPERTY + "=true");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Jfenced.class.getName()));
        command.addAll(args);
        command.addAll(List.of("-F", "--ready-file", ready.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process daemon = syslog
                ? ProcessBuilder.startPipeline(List.of(pb, new ProcessBuilder("setsid", "logger", "--prio-prefix",
                        "-p", "daemon.info", "-t", "jfenced").redirectOutput(ProcessBuilder.Redirect.DISCARD)))
                        .get(0)
                : pb.redirectOutput(ProcessBuilder.Redirect.appendTo(new File(log))).start();
        while (true) {
            if (Files.deleteIfExists(ready)) {
                return 0;
            }
            if (!daemon.isAlive()) {
                err.println("jfenced: the daemon did not start; " + (syslog ? "see syslog (tag jfenced)"
                        : "the end of " + log + ":"));
                if (!syslog) {
                    List<String> lines = Files.readAllLines(Path.of(log), StandardCharsets.UTF_8);
                    lines.subList(Math.max(0, lines.size() - LOG_LINES_SHOWN), lines.size()).forEach(err::println);
                }
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
