package org.jfenced.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line read without picocli means what picocli makes of it, or is left to picocli. */
class PlainCommandLineTest {

    private static final PrintStream NOWHERE = new PrintStream(PrintStream.nullOutputStream());

    /** What picocli makes of {@code args}, as jfencectl configures it. */
    private static PlainCommandLine picocli(String... args) {
        Jfencectl ctl = new Jfencectl(NOWHERE, NOWHERE, null);
        new CommandLine(ctl).setUnmatchedOptionsArePositionalParams(true).parseArgs(args);
        return new PlainCommandLine(ctl.json, Optional.ofNullable(ctl.socket), Optional.ofNullable(ctl.instance),
                ctl.timeoutSeconds, ctl.argv);
    }

    @Test
    void readsEveryOptionPicocliDeclaresExceptHelpAndVersion() {
        Set<String> declared = new HashSet<>();
        Jfencectl.commandSpec().options().forEach(o -> declared.addAll(List.of(o.names())));
        declared.removeAll(Set.of("-h", "--help", "--version"));
        assertEquals(declared, PlainCommandLine.OPTIONS);
    }

    @Test
    void everydayCommandLinesMeanWhatPicocliReadsInThem() {
        List<String[]> lines = List.of(
                new String[] {"status"},
                new String[] {"--socket", "/run/x.sock", "status"},
                new String[] {"--socket=/run/x.sock", "--json", "vms"},
                new String[] {"history", "-n", "5", "--json"},
                new String[] {"--timeout", "7", "fence", "off", "vm-1"},
                new String[] {"--timeout=0", "members"},
                new String[] {"cluster", "create", "--link0", "10.0.0.1", "--socket", "/s"},
                new String[] {"--instance", "fence-a", "status"},
                new String[] {"--instance=/run/fence-b.pid", "vms", "--json"},
                new String[] {});
        for (String[] line : lines) {
            assertEquals(picocli(line), PlainCommandLine.read(line).orElseThrow(), String.join(" ", line));
        }
    }

    @Test
    void helpVersionAndWhatNeedsAnErrorMessageAreLeftToPicocli() {
        for (String[] line : List.of(new String[] {"-h"}, new String[] {"status", "--help"},
                new String[] {"--version"}, new String[] {"--timeout", "soon", "status"},
                new String[] {"--timeout"}, new String[] {"--socket"}, new String[] {"--instance"},
                new String[] {"--", "status"},
                new String[] {"--json=yes", "status"})) {
            assertTrue(PlainCommandLine.read(line).isEmpty(), String.join(" ", line));
        }
        assertEquals(Optional.of(Path.of("/s")), PlainCommandLine.read("--socket", "/s", "x").orElseThrow().socket());
    }
}
