package org.jfenced.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** fence_virtd's getopt("Ff:d:cwlhp:") habits, as jfenced reads them. */
class JfencedCommandLineTest {

    private static Jfenced parse(String... args) {
        Jfenced j = new Jfenced(List.of(args));
        new CommandLine(j).parseArgs(args);
        return j;
    }

    @Test
    void shortFlagsCombineAsGetoptAllows() {
        Jfenced fw = parse("-Fw");
        assertTrue(fw.foreground && fw.waitForBackend);
        assertTrue(parse("-Fl").listPlugins);
        Jfenced fd2 = parse("-Fd2");
        assertTrue(fd2.foreground);
        assertEquals(2, fd2.debug);
        Jfenced wf = parse("-wFf", "/etc/other.conf");
        assertTrue(wf.waitForBackend && wf.foreground);
        assertEquals(Path.of("/etc/other.conf"), wf.configFile);
        assertTrue(parse("-Fc").configure);
    }

    @Test
    void withoutFlagsTheDaemonDetachesWithTheDefaultFiles() {
        Jfenced j = parse();
        assertFalse(j.foreground);
        assertEquals(Path.of("/run/jfenced.pid"), j.pidFile);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "--help", "-F -h", "-Fh", "-h -F", "-F --help"})
    void helpGoesToStdoutAndExitsZeroWithOrWithoutForeground(String args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = Jfenced.run(args.split(" "));
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, exit);
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("Usage: jfenced [-cFhlw]"), help);
        assertTrue(help.contains("-c  ") && help.contains("Configuration mode"), help);
    }
}
