package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local user holding 1,000 connections to the admin socket (idle, or with half a request sent, each
 * reopened as soon as it is closed) does not keep root's jfencectl out: 20 in a row get their answer.
 * The user runs the flood as a process of its own through setpriv; the daemon runs bin/jfenced.
 */
class AdminFloodSystemTest {

    private static final int IDLE = 700;
    private static final int PARTIAL = 300;
    private static final int RUNS = 20;
    /** jfencectl is a JVM started on a shared, loaded machine: this bounds "got in", not speed. */
    private static final long MAX_MILLIS = 10_000;

    @TempDir
    Path dir;

    @TempDir
    Path floodClasses;

    private TestHost host;
    @AutoClose
    private JfencedProcess daemon;
    private FloodProcess flood;

    @BeforeEach
    void openTheDirectoryToOthers() throws Exception {
        Requirements.root();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        host = new TestHost(dir);
    }

    /** The flood stops before the daemon: {@code @AutoClose} closes that after every {@code @AfterEach}. */
    @AfterEach
    void stop() {
        if (flood != null) {
            flood.close();
        }
    }

    private void start(String adminGroup) {
        daemon = JfencedProcess.start(dir, host.config("fence_virt.conf", "admin_group = \"" + adminGroup + "\";", "",
                "test://" + host.nodeFile, ""));
    }

    @Test
    void aMemberOfTheAdminGroupHolding1000ConnectionsDoesNotKeepRootOut() {
        start("nogroup");
        flood = FloodProcess.unix(floodClasses, host.adminSocket, IDLE, PARTIAL,
                "--reuid=nobody", "--regid=nogroup", "--clear-groups");
        rootGetsThrough20TimesInARow();
    }

    @Test
    void aUserTheDaemonRefusesHolding1000ConnectionsDoesNotKeepRootOut() {
        start("daemon");
        // the kernel lets it connect (supplementary group daemon); the daemon refuses it
        flood = FloodProcess.unix(floodClasses, host.adminSocket, IDLE, PARTIAL,
                "--reuid=nobody", "--regid=nogroup", "--groups=daemon");
        rootGetsThrough20TimesInARow();
    }

    private void rootGetsThrough20TimesInARow() {
        long slowest = 0;
        for (int i = 0; i < RUNS; i++) {
            ClientRun r = Ctl.of(host.adminSocket).run("status");
            assertEquals(0, r.exit(), "run " + (i + 1) + " of jfencectl status during the flood: " + r);
            assertTrue(r.stdout().startsWith("jfenced "), r.stdout());
            assertTrue(r.millis() < MAX_MILLIS, "run " + (i + 1) + " took " + r.millis() + " ms");
            slowest = Math.max(slowest, r.millis());
        }
        assertTrue(flood.isAlive(), "the flood ran throughout: " + flood.output());
        flood.close();
        String counters = flood.output();
        System.out.println("admin flood: slowest of " + RUNS + " jfencectl status " + slowest + " ms; " + counters);
        assertTrue(closedByServer(counters) >= IDLE + PARTIAL, "the daemon really had to shed connections: " + counters);
        assertTrue(daemon.log().contains("admin socket: too many clients waiting to send a request"), daemon.log());
        assertTrue(daemon.isAlive());
    }

    private static long closedByServer(String counters) {
        Matcher m = Pattern.compile("closed by the server (\\d+)").matcher(counters);
        assertTrue(m.find(), counters);
        return Long.parseLong(m.group(1));
    }
}
