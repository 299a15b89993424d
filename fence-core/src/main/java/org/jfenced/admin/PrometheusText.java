package org.jfenced.admin;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus' text exposition format 0.0.4: {@code # HELP} and {@code # TYPE} once per family, then its
 * samples. The same samples are kept as data for {@code --json}.
 */
final class PrometheusText {

    private final StringBuilder text = new StringBuilder();
    private final List<Object> samples = new ArrayList<>();

    /** Starts a family; {@code type} is counter, gauge or histogram. */
    PrometheusText family(String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /**
     * One sample. {@code labels} are name–value pairs.
     *
     * @param value a whole number or a {@link BigDecimal}
     */
    PrometheusText sample(String name, Number value, String... labels) {
        Map<String, Object> labelMap = new LinkedHashMap<>();
        text.append(name);
        if (labels.length > 0) {
            text.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    text.append(',');
                }
                text.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
                labelMap.put(labels[i], labels[i + 1]);
            }
            text.append('}');
        }
        String v = value instanceof BigDecimal b ? b.toPlainString() : String.valueOf(value.longValue());
        text.append(' ').append(v).append('\n');
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("labels", labelMap);
        s.put("value", value);
        samples.add(s);
        return this;
    }

    String text() {
        return text.toString();
    }

    List<Object> samples() {
        return samples;
    }

    private static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
