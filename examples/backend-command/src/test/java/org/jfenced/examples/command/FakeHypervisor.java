package org.jfenced.examples.command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A hypervisor the backend's commands act on: a directory with one file a VM holding "on" or "off",
 * and {@code vmctl} (src/test/resources), a shell script with the verbs an operator's CLI would have.
 */
final class FakeHypervisor {

    static final String RUNNING = "vm-run";
    static final String STOPPED = "vm-stopped";

    final Path dir;
    final Path vmctl;

    FakeHypervisor(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("vms"));
        Files.createDirectories(dir.resolve("uuids"));
        vm(RUNNING, "on", "11111111-1111-1111-1111-111111111111");
        vm(STOPPED, "off", "22222222-2222-2222-2222-222222222222");
        vmctl = dir.resolve("vmctl");
        try (InputStream script = FakeHypervisor.class.getResourceAsStream("/vmctl")) {
            Files.copy(script, vmctl);
        }
        Files.setPosixFilePermissions(vmctl, PosixFilePermissions.fromString("rwx------"));
    }

    private void vm(String name, String state, String uuid) throws IOException {
        Files.writeString(dir.resolve("vms").resolve(name), state + "\n");
        Files.writeString(dir.resolve("uuids").resolve(name), uuid);
    }

    String state(String vm) throws IOException {
        return Files.readString(dir.resolve("vms").resolve(vm)).trim();
    }

    /** The backend's block for this hypervisor, as key-value pairs. */
    String[] config(String... more) {
        String[] base = {"status", vmctl + " status {vm}", "off", vmctl + " off {vm}", "on", vmctl + " on {vm}",
                "list", vmctl + " list"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
