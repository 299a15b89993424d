package org.jfenced.man;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The OPTIONS of a manual page, from the command line's own declaration. */
final class OptionsSection {

    private OptionsSection() {
    }

    /** Every option that is not hidden, in declaration order, with its parameter and description. */
    static String of(CommandSpec spec) {
        StringBuilder out = new StringBuilder();
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            String names = String.join(", ", option.names());
            String label = option.arity().max() == 0 ? "" : Roff.text(option.paramLabel());
            if (!label.isEmpty() && option.arity().min() == 0) {
                label = "[" + label + "]";
            }
            out.append(Roff.tagged(Roff.name(names), label, Roff.text(description(option))));
        }
        return out.toString();
    }

    /** The description as help would show it: picocli's placeholders filled in. */
    private static String description(OptionSpec option) {
        String text = String.join(" ", option.description());
        return text.replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValue()))
                .replace("${FALLBACK-VALUE}", String.valueOf(option.fallbackValue()));
    }
}
