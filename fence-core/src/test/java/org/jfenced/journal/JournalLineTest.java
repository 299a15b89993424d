package org.jfenced.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.junit.jupiter.api.Test;

/**
 * The VM's states before and after an action in a journal line, lines written before they were kept, and
 * the bytes of a line.
 */
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

    @Test
    void aLineIsByteForByteWhatAJsonLibraryWritesForTheSameEntry() throws Exception {
        Random random = new Random(20261206);
        List<String> hostile = List.of("", "vm-web", "quote\"back\\slash", "tab\tnew\nline\rcr\bbs\fff", "\u0000\u001f\u007f",
                "caf\u00e9 \u2192 \u65e5\u672c", "pair \ud83d\ude00 end", "lone \ud83d end", "lone \ude00", "/slash/");
        for (int i = 0; i < 2000; i++) {
            Instant time = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_402_300_800L + 1_000_000L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1000;
                        default -> random.nextInt(1_000_000_000);
                    });
            long nanos = switch (i % 5) {
                case 0 -> 0;
                case 1 -> random.nextInt(100) * 10_000_000L;
                case 2 -> random.nextInt(1000) * 1_000_000L;
                case 3 -> random.nextLong(1, 100_000_000_000L);
                default -> random.nextInt(1000);
            };
            String text = hostile.get(i % hostile.size());
            JournalEntry e = new JournalEntry(time, new FenceRequest(FenceAction.values()[i % FenceAction.values().length],
                    text, "192.0.2." + i % 256, random.nextLong(0, 1L << 32), "tcp"), JournalEntry.Acl.values()[i % 4],
                    FenceResult.values()[i % FenceResult.values().length], text, "node-" + i, "rule", text,
                    Duration.ofNanos(nanos), text, "shut off");
            assertEquals(withJackson(e), JournalLine.write(e), "entry " + i);
        }
    }

    /** The line as Jackson's generator writes it, the journal's first writer. */
    private static String withJackson(JournalEntry e) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", e.time().toString());
            g.writeStringField("listener", e.request().origin());
            g.writeStringField("source", e.request().source());
            g.writeNumberField("seqno", e.request().seqno());
            g.writeStringField("action", JournalLine.actionName(e.request().action()));
            g.writeStringField("target", e.request().target());
            g.writeStringField("acl", e.acl().name().toLowerCase(Locale.ROOT));
            g.writeStringField("rule", e.rule());
            g.writeStringField("reason", e.reason());
            g.writeStringField("acting_node", e.actingNode());
            g.writeStringField("result", e.result().name().toLowerCase(Locale.ROOT));
            g.writeStringField("detail", e.detail());
            g.writeNumberField("duration_ms", BigDecimal.valueOf(e.duration().toNanos(), 6).stripTrailingZeros());
            g.writeStringField("state_before", e.stateBefore());
            g.writeStringField("state_after", e.stateAfter());
            g.writeEndObject();
        }
        // what the journal put on disk: the text as UTF-8, a lone surrogate replaced
        return new String(out.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
