package org.jfenced.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table for people: a header row, columns two spaces apart, columns of numbers right-aligned, empty
 * cells shown as {@code -} so that columns never collapse.
 */
final class TextTable {

    private final List<String> headers;
    private final List<List<Object>> rows = new ArrayList<>();

    TextTable(String... headers) {
        this.headers = List.of(headers);
    }

    TextTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(headers.size() + " columns, got " + cells.length + " cells");
        }
        rows.add(Arrays.asList(cells));
        return this;
    }

    String render() {
        int[] width = new int[headers.size()];
        boolean[] numeric = new boolean[headers.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = headers.get(c).length();
            numeric[c] = !rows.isEmpty();
            for (List<Object> r : rows) {
                width[c] = Math.max(width[c], cell(r.get(c)).length());
                numeric[c] &= r.get(c) instanceof Number;
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, width, numeric);
        for (List<Object> r : rows) {
            line(out, r, width, numeric);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<?> cells, int[] width, boolean[] numeric) {
        StringBuilder l = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
            String s = cell(cells.get(c));
            if (c > 0) {
                l.append("  ");
            }
            if (numeric[c]) {
                l.append(" ".repeat(width[c] - s.length())).append(s);
            } else {
                l.append(s).append(" ".repeat(width[c] - s.length()));
            }
        }
        out.append(l.toString().stripTrailing()).append('\n');
    }

    private static String cell(Object v) {
        String s = v == null ? "" : v.toString();
        return s.isEmpty() ? "-" : s;
    }
}
