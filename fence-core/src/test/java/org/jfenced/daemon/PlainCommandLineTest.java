package org.jfenced.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The daemon's command line read without picocli means what picocli makes of it, or is left to picocli. */
class PlainCommandLineTest {

    /** Every option's value, as the daemon reads them. */
    private static List<Object> options(Jfenced j) {
        return Arrays.asList(j.foreground, j.waitForBackend, j.configFile, j.pidFile, j.debug, j.pluginsDir,
                j.readyFile, j.listPlugins, j.configure, j.help, j.demoDir);
    }

    private static List<Object> picocli(String... args) {
        Jfenced j = new Jfenced(List.of(args));
        new CommandLine(j).parseArgs(args);
        return options(j);
    }

    @Test
    void everyOptionPicocliDeclaresIsReadHereOrLeftToPicocli() {
        Set<String> declared = new HashSet<>();
        Jfenced.commandSpec().options().forEach(o -> declared.addAll(List.of(o.names())));
        Set<String> covered = new HashSet<>(PlainCommandLine.OPTIONS);
        covered.addAll(PlainCommandLine.LEFT_TO_PICOCLI);
        assertEquals(declared, covered);
    }

    @Test
    void everydayCommandLinesMeanWhatPicocliReadsInThem() {
        List<String[]> lines = List.of(
                new String[] {"--plugins", "/usr/share/jfenced/plugins", "-F", "-w", "-f", "/etc/fence_virt.conf",
                    "-p", "/run/jfenced.pid"},
                new String[] {"--plugins=/opt/plugins", "-Fw", "-d", "2"},
                new String[] {"--plugins", "/p", "-wF", "--ready-file", "/run/jfenced/ready"},
                new String[] {"-f", "/etc/other.conf"},
                new String[] {"-d", "0", "-p", "relative.pid"},
                new String[] {});
        for (String[] line : lines) {
            assertEquals(picocli(line), options(PlainCommandLine.read(line).orElseThrow()), String.join(" ", line));
        }
    }

    @Test
    void helpTheOtherModesAndWhatNeedsAnErrorMessageAreLeftToPicocli() {
        for (String[] line : List.of(new String[] {"-h"}, new String[] {"--help"}, new String[] {"-l"},
                new String[] {"-Fl"}, new String[] {"-c"}, new String[] {"--demo"}, new String[] {"--demo=/tmp/d"},
                new String[] {"-Fd2"}, new String[] {"-f/etc/x.conf"}, new String[] {"-f"},
                new String[] {"-f", "-F"}, new String[] {"-d", "two"}, new String[] {"-d", "-1"},
                new String[] {"-F", "-F"}, new String[] {"-FF"}, new String[] {"-f", "a", "-f", "b"},
                new String[] {"--plugins"}, new String[] {"--plugins="}, new String[] {"--ready-file=/r"},
                new String[] {"extra"}, new String[] {"--", "-F"}, new String[] {"-x"})) {
            assertTrue(PlainCommandLine.read(line).isEmpty(), String.join(" ", line));
        }
    }
}
