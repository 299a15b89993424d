package org.jfenced.systest;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the system tests need on the machine. Missing parts fail the test with the package to
 * install: a system test that silently skips would hide that nothing was tested.
 */
final class Requirements {

    private Requirements() {
    }

    static Path binary(String path, String debianPackage) {
        Path p = Path.of(path);
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException(path + " is missing: install the Debian package " + debianPackage
                    + " (scripts/test does)");
        }
        return p;
    }

    static Path jfencedHome() {
        Path home = Path.of(System.getProperty("jfenced.home", "../dist/target/jfenced"));
        if (!Files.isExecutable(home.resolve("bin/jfenced"))) {
            throw new IllegalStateException(home + "/bin/jfenced is missing: build with 'mvn package' first");
        }
        return home.toAbsolutePath().normalize();
    }

    static void root() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("this test needs root (it runs libvirtd or network namespaces)");
        }
    }
}
