package org.jfenced.service.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes corosync.conf in one canonical form, so that the same configuration always gives the same bytes
 * whatever order it was built or read in: top-level blocks in corosync's usual order (totem, nodelist,
 * quorum, logging, then any others by name), in every block the values sorted by key and then the child
 * blocks — nodes by node id, interfaces by link number, others by name — one tab per level, a blank line
 * after each top-level block. Sorting is stable, so a key given twice keeps its order.
 */
final class ConfWriter {

    private static final List<String> TOP_ORDER = List.of("totem", "nodelist", "quorum", "logging");

    private ConfWriter() {
    }

    static String write(ConfSection root) {
        StringBuilder out = new StringBuilder();
        writeValues(out, root, 0);
        List<ConfSection> top = new ArrayList<>(root.children());
        top.sort(Comparator.comparingInt(ConfWriter::topRank).thenComparing(ConfSection::name));
        for (ConfSection block : top) {
            writeBlock(out, block, 0);
            out.append('\n');
        }
        return out.toString();
    }

    private static int topRank(ConfSection block) {
        int i = TOP_ORDER.indexOf(block.name());
        return i < 0 ? TOP_ORDER.size() : i;
    }

    private static void writeBlock(StringBuilder out, ConfSection block, int depth) {
        indent(out, depth).append(block.name()).append(" {\n");
        writeValues(out, block, depth + 1);
        List<ConfSection> children = new ArrayList<>(block.children());
        children.sort(Comparator.comparing(ConfSection::name).thenComparingLong(ConfWriter::number));
        for (ConfSection child : children) {
            writeBlock(out, child, depth + 1);
        }
        indent(out, depth).append("}\n");
    }

    private static void writeValues(StringBuilder out, ConfSection block, int depth) {
        List<ConfSection.ConfEntry> values = new ArrayList<>(block.values());
        values.sort(Comparator.comparing(ConfSection.ConfEntry::key));
        for (ConfSection.ConfEntry e : values) {
            indent(out, depth).append(e.key()).append(": ").append(e.value()).append('\n');
        }
    }

    /** What orders blocks of the same name: a node's id, an interface's link number; 0 for the rest. */
    private static long number(ConfSection block) {
        String key = switch (block.name()) {
            case "node" -> "nodeid";
            case "interface" -> block.get("linknumber").isPresent() ? "linknumber" : "ringnumber";
            default -> null;
        };
        if (key == null) {
            return 0;
        }
        try {
            return Long.parseLong(block.get(key).orElse("0").trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static StringBuilder indent(StringBuilder out, int depth) {
        return out.append("\t".repeat(depth));
    }
}
