package org.jfenced.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.junit.jupiter.api.Test;

/** The VM's states before and after an action in a journal line, and lines written before they were kept. */
class JournalLineTest {

    private static final FenceRequest OFF = new FenceRequest(FenceAction.OFF, "vm-web", "127.0.0.1", 220991, "tcp");

    @Test
    void theStatesBeforeAndAfterAnOffReadBack() {
        JournalEntry off = new JournalEntry(Instant.parse("2026-12-06T15:48:51.317844277Z"), OFF, JournalEntry.Acl.ALLOWED,
                FenceResult.SUCCESS, "", "local", "acted_locally", "", Duration.ofNanos(9_398_661), "running", "shut off");
        String line = JournalLine.write(off);
        assertTrue(line.contains("\"state_before\":\"running\",\"state_after\":\"shut off\""), line);
        assertEquals(off, JournalLine.read(line));
    }

    @Test
    void aLineWrittenBeforeTheStatesWereKeptReadsWithThemUnknown() {
        String older = "{\"time\":\"2026-12-06T15:48:51.317844277Z\",\"listener\":\"tcp\",\"source\":\"127.0.0.1\","
                + "\"seqno\":220991,\"action\":\"off\",\"target\":\"vm-web\",\"acl\":\"allowed\",\"rule\":\"acted_locally\","
                + "\"reason\":\"\",\"acting_node\":\"local\",\"result\":\"success\",\"detail\":\"\",\"duration_ms\":9.398661}";
        JournalEntry read = JournalLine.read(older);
        assertEquals(new JournalEntry(Instant.parse("2026-12-06T15:48:51.317844277Z"), OFF, JournalEntry.Acl.ALLOWED,
                FenceResult.SUCCESS, "", "local", "acted_locally", "", Duration.ofNanos(9_398_661)), read);
        assertEquals("", read.stateBefore());
        assertEquals("", read.stateAfter());
    }
}
