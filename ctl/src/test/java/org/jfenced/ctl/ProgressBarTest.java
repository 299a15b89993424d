package org.jfenced.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Percentage lines become one bar redrawn in place on a terminal, and stay lines elsewhere. */
class ProgressBarTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void onATerminalPercentagesRedrawOneLine() {
        ProgressBar bar = new ProgressBar(out, true);
        bar.line("VM paused");
        bar.line(" 50% (1.0 MiB of 2.0 MiB) in 2.00s, read: 1 MiB/s, write: 1 MiB/s");
        bar.line("100% (2.0 MiB of 2.0 MiB) in 3.00s, read: 1 MiB/s, write: 1 MiB/s");
        bar.line("VM resumed");
        bar.end();
        assertEquals("VM paused\n"
                + "\r[############            ]  50% (1.0 MiB of 2.0 MiB) in 2.00s, read: 1 MiB/s, write: 1 MiB/s\033[K"
                + "\r[########################] 100% (2.0 MiB of 2.0 MiB) in 3.00s, read: 1 MiB/s, write: 1 MiB/s\033[K\n"
                + "VM resumed\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void elsewhereEveryLineStaysALine() {
        ProgressBar bar = new ProgressBar(out, false);
        bar.line(" 50% (1.0 MiB of 2.0 MiB)");
        bar.line("done");
        bar.end();
        assertEquals(" 50% (1.0 MiB of 2.0 MiB)\ndone\n", bytes.toString(StandardCharsets.UTF_8));
    }
}
