package org.jfenced.nativelib.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Without a usable libcrypto the digests come from the JDK, the same digests, and the log says so once. */
class Sha256FallbackTest {

    private static final String MISSING = "libjfenced-no-such-crypto.so.9";

    private final Logger logger = (Logger) LoggerFactory.getLogger(Sha256Factory.class);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void listen() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(log);
    }

    @Test
    void aLibraryThatDoesNotExistFallsBackToTheJdkWithOneInfoLine() {
        Sha256Factory factory = Sha256Factory.load(List.of(MISSING));

        assertEquals("the JDK", factory.implementation());
        assertEquals(1, log.list.size(), log.list.toString());
        ILoggingEvent line = log.list.get(0);
        assertEquals(Level.INFO, line.getLevel());
        assertTrue(line.getFormattedMessage().contains(MISSING + ": " + MISSING + ": cannot open shared object file"),
                line.getFormattedMessage());
        assertEquals(1, line.getFormattedMessage().lines().count(), "one line: " + line.getFormattedMessage());
        byte[] data = Sha256Test.random(2_000_003, 11);
        try (Sha256 sha = factory.create()) {
            ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).flip();
            sha.update(direct.duplicate().limit(1_000_000));
            sha.update(data, 1_000_000, data.length - 1_000_000);
            assertArrayEquals(Sha256Test.jdk(data), sha.digest());
            assertThrows(IllegalStateException.class, () -> sha.update(new byte[1]), "finished, like libcrypto's");
        }
    }

    @Test
    void aLibraryWithoutTheDigestCallsIsPassedOver() {
        Sha256Factory factory = Sha256Factory.load(List.of("libc.so.6"));

        assertEquals("the JDK", factory.implementation());
        assertTrue(log.list.get(0).getFormattedMessage().contains("libc.so.6"), log.list.toString());
    }

    @Test
    void theNextLibraryIsTriedWhenOneIsMissing() {
        Sha256Factory factory = Sha256Factory.load(List.of(MISSING, "libcrypto.so.3"));

        assertEquals("OpenSSL libcrypto.so.3", factory.implementation());
        assertEquals(List.of(), log.list, "no fallback, nothing said at INFO");
    }
}
