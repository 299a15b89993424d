package org.jfenced.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The warnings for keys and blocks no one asked for. A block nobody read gets one warning and its
 * contents none, since they are ignored with it. An occurrence passed over because a later one with
 * the same name was used is called overridden, which tells the reader which line takes effect.
 */
final class UnreadKeys {

    private record Warning(int line, String text) {
    }

    private final List<Warning> warnings = new ArrayList<>();

    private UnreadKeys() {
    }

    static List<String> of(ConfigBlock root) {
        UnreadKeys u = new UnreadKeys();
        u.visit(root);
        return u.warnings.stream()
                .sorted(Comparator.comparingInt(Warning::line))
                .map(w -> root.source() + ':' + w.line() + ": " + w.text())
                .toList();
    }

    private void visit(ConfigBlock block) {
        for (ConfigBlock b : block.blocks) {
            if (b.read) {
                visit(b);
            } else {
                warnings.add(new Warning(b.line, blockWarning(block, b)));
            }
        }
        for (ConfigValue v : block.values) {
            if (!v.read) {
                warnings.add(new Warning(v.line, keyWarning(block, v)));
            }
        }
    }

    private static String blockWarning(ConfigBlock parent, ConfigBlock b) {
        for (ConfigBlock other : parent.blocks) {
            if (other.read && other.name.equalsIgnoreCase(b.name)) {
                return "block " + b.path() + " ignored: overridden by the block at line " + other.line;
            }
        }
        return "unused block " + b.path() + " ignored";
    }

    private static String keyWarning(ConfigBlock parent, ConfigValue v) {
        String keyPath = parent.keyPath(v.name);
        for (ConfigValue other : parent.values) {
            if (other.read && other.name.equalsIgnoreCase(v.name)) {
                return "key " + keyPath + " ignored: overridden at line " + other.line;
            }
        }
        return "unknown key " + keyPath + " ignored";
    }
}
