package org.jfenced.man;

/** Text made safe for roff's man macros. */
final class Roff {

    private Roff() {
    }

    /**
     * {@code text} as running text: backslashes escaped, and a line that starts with a control character (a dot
     * or an apostrophe) protected, so that no value or description can become a roff request.
     */
    static String text(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.replace("\\", "\\e").split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            if (line.startsWith(".") || line.startsWith("'")) {
                out.append("\\&");
            }
            out.append(line);
        }
        return out.toString();
    }

    /** An option or a key name: its hyphens are minus signs, so that a reader can paste the option into a shell. */
    static String name(String name) {
        return text(name).replace("-", "\\-");
    }

    /** An indented paragraph whose tag is {@code tag} in bold and {@code argument} in italics. */
    static String tagged(String tag, String argument, String body) {
        String head = argument.isEmpty() ? ".B " + tag : ".BI \"" + tag + " \" \"" + argument.replace("\"", "\\(dq") + '"';
        return ".TP\n" + head + "\n" + body + "\n";
    }
}
