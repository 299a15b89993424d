package org.jfenced.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The daemon's and jfencectl's logging, set up in code: every line to standard output as
 * {@code %lineStart%-5level [%thread] %logger{0}: %msg}, netty only from WARN up, the rest from INFO.
 * Standard output is the terminal in the foreground, the journal under systemd, and the log file or
 * syslog once detached; {@link LineStart} begins each line as its destination wants it.
 *
 * <p>The same in logback.xml cost each start about a quarter of a second of CPU time and 400 classes
 * for reading the XML. The distribution's {@code conf} jar names this class as logback's configurator;
 * a {@code -Dlogback.configurationFile} given on the command line still wins.
 */
public final class DaemonLogging extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%lineStart%-5level [%thread] %logger{0}: %msg%n";
    private static final String CONFIGURATION_FILE_PROPERTY = "logback.configurationFile";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(CONFIGURATION_FILE_PROPERTY) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("lineStart", LineStart::new);
        layout.setPattern(PATTERN);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
        out.setContext(context);
        out.setName("OUT");
        out.setEncoder(encoder);
        out.start();
        context.getLogger("io.netty").setLevel(Level.WARN);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(out);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
