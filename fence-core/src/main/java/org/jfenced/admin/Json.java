package org.jfenced.admin;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes the JSON-shaped values of {@link org.jfenced.spi.AdminReply#data()} as JSON, indented for people
 * who read {@code --json} without jq. The stack has no JSON library and the daemon only ever writes
 * JSON, so a writer is all it needs.
 */
public final class Json {

    private Json() {
    }

    /**
     * @throws IllegalArgumentException for a value that is not a map, list, string, number, boolean or
     *     null, for a map key that is not a string, and for a number JSON cannot hold (NaN, infinite)
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, 0);
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object value, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence s) {
            string(out, s.toString());
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Number n) {
            number(out, n);
        } else if (value instanceof Map<?, ?> m) {
            object(out, m, depth);
        } else if (value instanceof Iterable<?> list) {
            array(out, list, depth);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static void object(StringBuilder out, Map<?, ?> map, int depth) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append('{');
        Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<?, ?> e = it.next();
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("a JSON object key must be a string: " + e.getKey());
            }
            newline(out, depth + 1);
            string(out, key);
            out.append(": ");
            write(out, e.getValue(), depth + 1);
            if (it.hasNext()) {
                out.append(',');
            }
        }
        newline(out, depth);
        out.append('}');
    }

    private static void array(StringBuilder out, Iterable<?> list, int depth) {
        Iterator<?> it = list.iterator();
        if (!it.hasNext()) {
            out.append("[]");
            return;
        }
        out.append('[');
        while (it.hasNext()) {
            newline(out, depth + 1);
            write(out, it.next(), depth + 1);
            if (it.hasNext()) {
                out.append(',');
            }
        }
        newline(out, depth);
        out.append(']');
    }

    private static void newline(StringBuilder out, int depth) {
        out.append('\n').append("  ".repeat(depth));
    }

    private static void number(StringBuilder out, Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no " + d);
            }
            out.append(BigDecimal.valueOf(d).stripTrailingZeros().toPlainString());
        } else if (n instanceof BigDecimal b) {
            out.append(b.toPlainString());
        } else {
            out.append(n.longValue());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
