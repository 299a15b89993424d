package org.jfenced.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The RPM that {@code mvn package} built where rpmbuild exists. It cannot be installed on this Debian machine,
 * so what is checked is what {@code rpm -qp} reads from it: the files, the dependencies and the scriptlets.
 */
class RpmPackageSystemTest {

    @Test
    void holdsTheDaemonTheUnitAndTheManPagesAndNeverStartsTheService() throws IOException {
        Requirements.binary("/usr/bin/rpm", "rpm");
        Path rpm = builtPackage();

        List<String> files = query(rpm, "-qpl").lines().toList();
        for (String f : List.of("/usr/sbin/jfenced", "/usr/bin/jfencectl", "/usr/share/jfenced/lib/fence-core.jar",
                "/usr/share/jfenced/plugins", "/usr/lib/systemd/system/jfenced.service", "/etc/logrotate.d/jfenced",
                "/usr/share/man/man8/jfenced.8.gz", "/usr/share/man/man8/jfencectl.8.gz",
                "/usr/share/man/man5/jfenced.conf.5.gz", "/usr/share/doc/jfenced/copyright")) {
            assertTrue(files.contains(f), "the RPM lacks " + f + ": " + files);
        }
        assertFalse(files.stream().anyMatch(f -> f.startsWith("/lib/") || f.startsWith("/etc/fence_virt.conf")),
                "the RPM must not own /lib (a link on merged-/usr systems) or fence_virtd's config: " + files);

        String requires = query(rpm, "-qp", "--requires");
        assertTrue(requires.contains("java-17-openjdk-headless"), requires);
        assertTrue(requires.contains("libvirt-libs"), requires);
        assertTrue(query(rpm, "-qp", "--configfiles").contains("/etc/logrotate.d/jfenced"), "logrotate is a config file");

        String scripts = query(rpm, "-qp", "--scripts");
        assertFalse(java.util.regex.Pattern.compile("systemctl\\s+(--\\S+\\s+)*(enable|start|restart|preset)\\b")
                .matcher(scripts).find(), "the scriptlets must not enable or start"
                + " the service on a host whose administrator did not ask for it:\n" + scripts);
    }

    private static String query(Path rpm, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("rpm"));
        cmd.addAll(List.of(args));
        cmd.add(rpm.toString());
        ClientRun run = FenceVirt.exec(cmd, null);
        assertEquals(0, run.exit(), run.toString());
        return run.stdout();
    }

    private static Path builtPackage() throws IOException {
        Path target = Requirements.jfencedHome().getParent();
        try (Stream<Path> files = Files.list(target)) {
            List<Path> rpms = files.filter(p -> p.getFileName().toString().matches("jfenced-.*\\.noarch\\.rpm")).toList();
            assertEquals(1, rpms.size(), "exactly one jfenced-*.noarch.rpm in " + target
                    + " (mvn package builds it where rpmbuild exists: install the Debian package rpm): " + rpms);
            return rpms.get(0);
        }
    }
}
