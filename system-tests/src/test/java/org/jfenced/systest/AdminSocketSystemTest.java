package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may use the admin socket (jfencectl run as {@code nobody} through setpriv), and the socket's life
 * across a daemon killed with SIGKILL and a second daemon that wants the same socket.
 */
class AdminSocketSystemTest {

    /** The admin socket and the copy of the installation must be reachable for nobody. */
    @TempDir
    Path dir;

    @TempDir
    static Path installCopy;

    private static final String[] NOBODY = {"--reuid=nobody", "--regid=nogroup", "--clear-groups"};

    private TestHost host;
    @AutoClose
    private JfencedProcess daemon;

    @BeforeEach
    void openTheDirectoryToOthers() throws Exception {
        Requirements.root();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        host = new TestHost(dir);
    }

    private void start(String daemonExtra) {
        daemon = JfencedProcess.start(dir, host.config("fence_virt.conf", daemonExtra, "", "test://" + host.nodeFile, ""));
    }

    private static Path readableInstall() {
        Path copy = installCopy.resolve("jfenced");
        if (!Files.isDirectory(copy)) {
            try {
                Files.setPosixFilePermissions(installCopy, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            Ctl.readableCopy(copy);
        }
        return copy;
    }

    private Ctl asNobody(String... setprivArgs) {
        return Ctl.of(host.adminSocket).as(readableInstall(), setprivArgs);
    }

    @Test
    void withoutAnAdminGroupOnlyRootGetsIn() throws Exception {
        start("");
        PosixFileAttributes a = Files.readAttributes(host.adminSocket, PosixFileAttributes.class);
        assertEquals("rw-rw----", PosixFilePermissions.toString(a.permissions()));
        assertEquals(0, Ctl.of(host.adminSocket).run("status").exit());

        ClientRun nobody = asNobody(NOBODY).run("status");
        assertEquals(77, nobody.exit(), nobody.toString());
        assertTrue(nobody.stderr().startsWith("jfencectl: permission denied: cannot connect to " + host.adminSocket),
                nobody.toString());
        assertEquals("", nobody.stdout());
    }

    @Test
    void aMemberOfTheAdminGroupGetsIn() throws Exception {
        start("admin_group = \"nogroup\";");
        assertEquals("nogroup", Files.readAttributes(host.adminSocket, PosixFileAttributes.class).group().getName());
        ClientRun nobody = asNobody(NOBODY).run("status");
        assertEquals(0, nobody.exit(), nobody.toString());
        assertTrue(nobody.stdout().contains("admin    " + host.adminSocket + " (root and group nogroup)"),
                nobody.stdout());
        ClientRun fence = asNobody(NOBODY).run("fence", "off", "vm-run1");
        assertEquals(0, fence.exit(), fence.toString());
        assertTrue(daemon.log().contains("audit: user nobody asks for off of \"vm-run1\""), daemon.log());
    }

    @Test
    void aPeerThatReachesTheSocketWithoutBeingAMemberIsRefusedByTheDaemonAndLogged() {
        start("admin_group = \"daemon\";");
        // the kernel lets it connect (supplementary group daemon); the group database does not list it
        ClientRun r = asNobody("--reuid=nobody", "--regid=nogroup", "--groups=daemon").run("fence", "off", "vm-run1");
        assertEquals(77, r.exit(), r.toString());
        assertEquals("jfencectl: permission denied: user nobody is neither root nor a member of group daemon"
                + " (fence_virtd/@admin_group)\n", r.stderr());
        assertTrue(daemon.log().contains("admin socket: refused [fence, off, vm-run1] from user nobody (group nogroup)"),
                daemon.log());
        assertEquals(0, host.client().run("-o", "status", "-n", "vm-run1").exit(), "nothing was fenced");
    }

    @Test
    void afterSigkillTheStaleSocketIsReportedThenReplacedAndASecondDaemonIsRefused() throws Exception {
        start("");
        Processes.kill(daemon.handle());
        assertTrue(Files.exists(host.adminSocket), "SIGKILL leaves the socket file behind");
        ClientRun dead = Ctl.of(host.adminSocket).run("status");
        assertEquals(69, dead.exit(), dead.toString());
        assertTrue(dead.stderr().contains("is left over from a daemon that did not stop cleanly"), dead.toString());

        start("");
        assertTrue(daemon.log().contains("replacing the stale admin socket " + host.adminSocket), daemon.log());
        assertEquals(0, Ctl.of(host.adminSocket).run("status").exit());

        Path other = Files.createDirectories(dir.resolve("second"));
        TestHost second = new TestHost(other);
        Path conf = second.config("fence_virt.conf", "admin_socket = \"" + host.adminSocket + "\";", "",
                "test://" + second.nodeFile, "");
        JfencedProcess refused = JfencedProcess.launch(other, conf);
        assertEquals(1, refused.awaitExit(Duration.ofSeconds(30)), refused.log());
        assertTrue(refused.log().contains("another daemon serves the admin socket " + host.adminSocket), refused.log());
        assertTrue(!refused.log().contains("listening on"), "refused before it opened its listener");

        ClientRun still = Ctl.of(host.adminSocket).run("status");
        assertEquals(0, still.exit(), still.toString());
        assertTrue(still.stdout().startsWith("jfenced ") && still.stdout().contains(", pid " + daemon.handle().pid() + ","),
                still.stdout());
    }
}
