package org.jfenced.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class DaemonLoggingTest {

    /** What the daemon prints for these calls, with a fresh logging context set up by {@link DaemonLogging}. */
    private static List<String> printed(java.util.function.Consumer<LoggerContext> calls) {
        PrintStream before = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        // what logback's service provider gives the daemon's context
        context.setMDCAdapter(new LogbackMDCAdapter());
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, new DaemonLogging().configure(context));
            calls.accept(context);
        } finally {
            context.stop();
            System.setOut(before);
        }
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void linesBeginWithTheTimeThenLevelThreadAndTheLoggersShortName() {
        List<String> lines = printed(c -> c.getLogger("org.jfenced.daemon.Daemon").info("jfenced ready"));
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[main\\] Daemon: jfenced ready"),
                lines.get(0));
    }

    @Test
    void debugIsLeftOutAndNettyOnlyFromWarningsUp() {
        List<String> lines = printed(c -> {
            c.getLogger("org.jfenced.Any").debug("detail");
            c.getLogger("io.netty.channel.Any").info("chatter");
            c.getLogger("io.netty.channel.Any").warn("trouble");
        });
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith("WARN  [main] Any: trouble"), lines.get(0));
    }

    @Test
    void aConfigurationFileGivenOnTheCommandLineWins() {
        LoggerContext context = new LoggerContext();
        System.setProperty("logback.configurationFile", "/etc/jfenced/logback.xml");
        try {
            assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, new DaemonLogging().configure(context));
            assertFalse(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext());
        } finally {
            System.clearProperty("logback.configurationFile");
            context.stop();
        }
    }
}
