package org.jfenced.spi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Writes JSON-shaped values (maps, lists, strings, numbers, booleans, null) as JSON, indented for people
 * who read {@code --json} without jq: the admin replies, the status file and the benchmark reports. The
 * daemon only ever writes JSON, so Jackson's streaming writer is all it needs (escaping and layout are
 * Jackson's); this class only walks the values.
 */
public final class Json {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private Json() {
    }

    /**
     * @throws IllegalArgumentException for a value that is not a map, list, string, number, boolean or
     *     null, for a map key that is not a string, and for a number JSON cannot hold (NaN, infinite)
     */
    public static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setPrettyPrinter(layout());
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string failed", e);
        }
        return out.append('\n').toString();
    }

    /** Two spaces a level, {@code "key": value}, one array element a line, {@code {}} and {@code []} when empty. */
    private static DefaultPrettyPrinter layout() {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("").withArrayEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
        printer.indentArraysWith(new DefaultIndenter("  ", "\n"));
        printer.indentObjectsWith(new DefaultIndenter("  ", "\n"));
        return printer;
    }

    private static void write(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof CharSequence s) {
            g.writeString(s.toString());
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Number n) {
            number(g, n);
        } else if (value instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("a JSON object key must be a string: " + e.getKey());
                }
                g.writeFieldName(key);
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            g.writeStartArray();
            for (Object element : list) {
                write(g, element);
            }
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    /** Doubles without exponent or trailing zeros; a BigDecimal keeps the scale it was given. */
    private static void number(JsonGenerator g, Number n) throws IOException {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no " + d);
            }
            g.writeNumber(BigDecimal.valueOf(d).stripTrailingZeros());
        } else if (n instanceof BigDecimal b) {
            g.writeNumber(b);
        } else {
            g.writeNumber(n.longValue());
        }
    }
}
