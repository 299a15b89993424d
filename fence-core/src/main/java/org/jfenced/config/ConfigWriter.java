package org.jfenced.config;

/**
 * Writes a tree in fence_virtd's {@code sc_dump} layout: in each block the child blocks first, then
 * the values, one tab per level, and a blank line after every closing brace.
 *
 * <p>fence_virtd dumps its lists in reverse file order, so a dump it re-reads turns "last wins" into
 * "first wins". This writer keeps file order, so re-reading a dump gives the same answers.
 */
final class ConfigWriter {

    private final StringBuilder out = new StringBuilder();

    private ConfigWriter() {
    }

    static String dump(ConfigBlock root) {
        ConfigWriter w = new ConfigWriter();
        w.contents(root, 0);
        return w.out.toString();
    }

    private void contents(ConfigBlock block, int depth) {
        for (ConfigBlock b : block.blocks) {
            block(b, depth);
        }
        for (ConfigValue v : block.values) {
            indent(depth);
            out.append(v.name).append(" = \"").append(v.value).append("\";\n");
        }
    }

    private void block(ConfigBlock b, int depth) {
        indent(depth);
        out.append(b.name);
        if (b.blockValue != null) {
            out.append(" = \"").append(b.blockValue).append('"');
        }
        out.append(" {\n");
        contents(b, depth + 1);
        indent(depth);
        out.append("}\n\n");
    }

    private void indent(int depth) {
        out.append("\t".repeat(depth));
    }
}
