package org.jfenced.bench;

import java.util.Locale;
import java.util.Map;

/** Just enough JSON writing for the reports: objects, arrays of objects, strings, numbers. */
final class Json {

    private final StringBuilder out = new StringBuilder();
    private boolean needComma;

    Json begin() {
        comma();
        out.append('{');
        needComma = false;
        return this;
    }

    Json begin(String name) {
        key(name);
        out.append('{');
        needComma = false;
        return this;
    }

    Json end() {
        out.append('}');
        needComma = true;
        return this;
    }

    Json array(String name) {
        key(name);
        out.append('[');
        needComma = false;
        return this;
    }

    Json endArray() {
        out.append(']');
        needComma = true;
        return this;
    }

    Json field(String name, String value) {
        key(name);
        string(value);
        needComma = true;
        return this;
    }

    Json field(String name, long value) {
        key(name);
        out.append(value);
        needComma = true;
        return this;
    }

    Json field(String name, boolean value) {
        key(name);
        out.append(value);
        needComma = true;
        return this;
    }

    /** A number with three decimals: milliseconds to the microsecond, rates to a thousandth. */
    Json field(String name, double value) {
        key(name);
        out.append(String.format(Locale.ROOT, "%.3f", value));
        needComma = true;
        return this;
    }

    /** A value that is already JSON, such as another report's object. */
    Json raw(String name, String json) {
        key(name);
        out.append(json);
        needComma = true;
        return this;
    }

    Json counts(String name, Map<String, Long> counts) {
        begin(name);
        counts.forEach(this::field);
        return end();
    }

    Json strings(String name, Map<String, String> values) {
        begin(name);
        values.forEach(this::field);
        return end();
    }

    private void key(String name) {
        comma();
        string(name);
        out.append(':');
    }

    private void comma() {
        if (needComma) {
            out.append(',');
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
