package org.jfenced.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
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
    private static final JsonLineBuffer.Key TIME = JsonLineBuffer.key("time");
    private static final JsonLineBuffer.Key LISTENER = JsonLineBuffer.key("listener");
    private static final JsonLineBuffer.Key SOURCE = JsonLineBuffer.key("source");
    private static final JsonLineBuffer.Key SEQNO = JsonLineBuffer.key("seqno");
    private static final JsonLineBuffer.Key ACTION = JsonLineBuffer.key("action");
    private static final JsonLineBuffer.Key TARGET = JsonLineBuffer.key("target");
    private static final JsonLineBuffer.Key ACL = JsonLineBuffer.key("acl");
    private static final JsonLineBuffer.Key RULE = JsonLineBuffer.key("rule");
    private static final JsonLineBuffer.Key REASON = JsonLineBuffer.key("reason");
    private static final JsonLineBuffer.Key ACTING_NODE = JsonLineBuffer.key("acting_node");
    private static final JsonLineBuffer.Key RESULT = JsonLineBuffer.key("result");
    private static final JsonLineBuffer.Key DETAIL = JsonLineBuffer.key("detail");
    private static final JsonLineBuffer.Key DURATION_MS = JsonLineBuffer.key("duration_ms");
    private static final JsonLineBuffer.Key STATE_BEFORE = JsonLineBuffer.key("state_before");
    private static final JsonLineBuffer.Key STATE_AFTER = JsonLineBuffer.key("state_after");

    /** The lower-case names, made once rather than for every line. */
    private static final String[] ACL_NAMES = lowerNames(JournalEntry.Acl.values());
    private static final String[] RESULT_NAMES = lowerNames(FenceResult.values());
    private static final String[] ACTION_NAMES = Arrays.stream(FenceAction.values()).map(a ->
            a == FenceAction.HOSTLIST ? "list" : lower(a)).toArray(String[]::new);

    private JournalLine() {
    }

    /** The entry as one line of JSON, without the line end. */
    public static String write(JournalEntry e) {
        JsonLineBuffer line = new JsonLineBuffer();
        write(e, line);
        return line.lastLineless();
    }

    /** Appends the entry as one line of JSON and its line end. */
    static void write(JournalEntry e, JsonLineBuffer out) {
        out.startObject();
        out.field(TIME, e.time());
        out.field(LISTENER, e.request().origin());
        out.field(SOURCE, e.request().source());
        out.field(SEQNO, e.request().seqno());
        out.field(ACTION, actionName(e.request().action()));
        out.field(TARGET, e.request().target());
        out.field(ACL, ACL_NAMES[e.acl().ordinal()]);
        out.field(RULE, e.rule());
        out.field(REASON, e.reason());
        out.field(ACTING_NODE, e.actingNode());
        out.field(RESULT, RESULT_NAMES[e.result().ordinal()]);
        out.field(DETAIL, e.detail());
        out.millisField(DURATION_MS, e.duration().toNanos());
        out.field(STATE_BEFORE, e.stateBefore());
        out.field(STATE_AFTER, e.stateAfter());
        out.endLine();
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
        return ACTION_NAMES[a.ordinal()];
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

    private static String[] lowerNames(Enum<?>[] values) {
        return Arrays.stream(values).map(JournalLine::lower).toArray(String[]::new);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}
