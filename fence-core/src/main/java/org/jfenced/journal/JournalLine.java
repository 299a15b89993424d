package org.jfenced.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;

/**
 * A journal entry as one line of JSON, and back. The names are those of {@code jfencectl history --json};
 * times are UTC instants, durations milliseconds.
 */
public final class JournalLine {

    private static final JsonFactory JSON = new JsonFactory();

    private JournalLine() {
    }

    /** The entry as one line of JSON, without the line end. */
    public static String write(JournalEntry e) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", e.time().toString());
            g.writeStringField("listener", e.request().origin());
            g.writeStringField("source", e.request().source());
            g.writeNumberField("seqno", e.request().seqno());
            g.writeStringField("action", actionName(e.request().action()));
            g.writeStringField("target", e.request().target());
            g.writeStringField("acl", lower(e.acl()));
            g.writeStringField("rule", e.rule());
            g.writeStringField("reason", e.reason());
            g.writeStringField("acting_node", e.actingNode());
            g.writeStringField("result", lower(e.result()));
            g.writeStringField("detail", e.detail());
            g.writeNumberField("duration_ms", BigDecimal.valueOf(e.duration().toNanos(), 6).stripTrailingZeros());
            g.writeStringField("state_before", e.stateBefore());
            g.writeStringField("state_after", e.stateAfter());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException("writing to a string failed", ex);
        }
        return out.toString();
    }

    /**
     * The entry a line holds.
     *
     * @throws IllegalArgumentException for a line that is not a whole entry (torn by a crash, or damaged)
     */
    public static JournalEntry read(String line) {
        Map<String, String> f = fields(line);
        try {
            FenceRequest request = new FenceRequest(action(required(f, "action")), required(f, "target"),
                    required(f, "source"), Long.parseLong(required(f, "seqno")), required(f, "listener"));
            long nanos = new BigDecimal(required(f, "duration_ms")).movePointRight(6).longValueExact();
            return new JournalEntry(Instant.parse(required(f, "time")), request,
                    JournalEntry.Acl.valueOf(upper(required(f, "acl"))), FenceResult.valueOf(upper(required(f, "result"))),
                    f.getOrDefault("detail", ""), f.getOrDefault("acting_node", ""), f.getOrDefault("rule", ""),
                    f.getOrDefault("reason", ""), Duration.ofNanos(nanos), f.getOrDefault("state_before", ""),
                    f.getOrDefault("state_after", ""));
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("not a journal entry: " + e.getMessage(), e);
        }
    }

    /** As the clients name actions: {@code off}, {@code status}, {@code list}. */
    public static String actionName(FenceAction a) {
        return a == FenceAction.HOSTLIST ? "list" : lower(a);
    }

    /** The action a client's name stands for ({@code list} is the host list). */
    public static FenceAction action(String name) {
        return name.equalsIgnoreCase("list") ? FenceAction.HOSTLIST : FenceAction.valueOf(upper(name));
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> f = new HashMap<>();
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value.isStructStart()) {
                    p.skipChildren();
                } else {
                    f.put(name, p.getText());
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("not one whole JSON object");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        return f;
    }

    private static String required(Map<String, String> f, String name) {
        String v = f.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no \"" + name + "\"");
        }
        return v;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}
