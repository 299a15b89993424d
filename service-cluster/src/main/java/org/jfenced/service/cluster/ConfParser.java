package org.jfenced.service.cluster;

import java.util.ArrayDeque;

/**
 * Reads corosync.conf as corosync does: one item per line — {@code name {} opens a block, {@code }} closes
 * it, {@code key: value} sets a value (the rest of the line, trimmed) — and lines starting with {@code #}
 * are comments. Anything else is an error naming the line, rather than a guess.
 */
final class ConfParser {

    private ConfParser() {
    }

    static ConfSection parse(String text, String source) throws ClusterConfigException {
        ConfSection root = new ConfSection("");
        ArrayDeque<ConfSection> open = new ArrayDeque<>();
        open.push(root);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int lineNo = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.equals("}")) {
                if (open.size() == 1) {
                    throw new ClusterConfigException(source + ":" + lineNo + ": '}' without a block to close");
                }
                open.pop();
            } else if (line.endsWith("{")) {
                String name = line.substring(0, line.length() - 1).strip();
                if (!name.matches("[A-Za-z0-9_.-]+")) {
                    throw new ClusterConfigException(source + ":" + lineNo + ": bad block name \"" + name + "\"");
                }
                open.push(open.peek().add(new ConfSection(name)));
            } else {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new ClusterConfigException(source + ":" + lineNo
                            + ": expected \"key: value\", \"name {\" or \"}\", got \"" + line + "\"");
                }
                String key = line.substring(0, colon).strip();
                if (!key.matches("[A-Za-z0-9_.-]+")) {
                    throw new ClusterConfigException(source + ":" + lineNo + ": bad key \"" + key + "\"");
                }
                open.peek().values().add(new ConfSection.ConfEntry(key, line.substring(colon + 1).strip()));
            }
        }
        if (open.size() > 1) {
            throw new ClusterConfigException(source + ": block \"" + open.peek().name() + "\" is not closed");
        }
        return root;
    }
}
