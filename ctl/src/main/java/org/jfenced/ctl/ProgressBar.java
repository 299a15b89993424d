package org.jfenced.ctl;

import java.io.PrintStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shows progress lines that start with a percentage (the backup's {@code " 42% (13.4 MiB of 32.0 MiB) …"})
 * as one bar redrawn in place on a terminal; other lines, and everything when the output is not a
 * terminal (a log, a pipe), pass through unchanged.
 */
final class ProgressBar {

    private static final Pattern PERCENT = Pattern.compile("\\s*(\\d{1,3})% (.*)");
    private static final int BAR = 24;

    private final PrintStream out;
    private final boolean terminal;
    private boolean drawn;

    ProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void line(String line) {
        Matcher m = PERCENT.matcher(line);
        if (terminal && m.matches()) {
            out.print("\r" + render(Integer.parseInt(m.group(1)), m.group(2)) + "\033[K");
            drawn = true;
        } else {
            end();
            out.println(line);
        }
        out.flush();
    }

    /** Ends the bar's line, so that what follows starts on a line of its own. */
    void end() {
        if (drawn) {
            out.println();
            drawn = false;
        }
    }

    static String render(int percent, String rest) {
        int p = Math.max(0, Math.min(100, percent));
        int full = p * BAR / 100;
        return "[" + "#".repeat(full) + " ".repeat(BAR - full) + "] " + String.format("%3d%% ", p) + rest;
    }
}
