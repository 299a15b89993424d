package org.jfenced.examples.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jfenced.spi.ConfigException;
import org.jfenced.spi.DeclaredKeys;
import org.jfenced.spi.FakeConfigSection;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.FenceResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What backend command adds to the suite: its configuration, hanging commands, names from the network. */
class CommandBackendTest {

    @TempDir
    Path dir;

    private FenceResult fence(FenceBackend backend, FenceAction action, String vm) throws Exception {
        return backend.fence(new FenceRequest(action, vm, "127.0.0.1", 1, "test")).toCompletableFuture()
                .get(30, TimeUnit.SECONDS).result();
    }

    @Test
    void readsExactlyTheKeysItDeclares() throws Exception {
        FakeHypervisor hypervisor = new FakeHypervisor(dir);
        FakeConfigSection config = new FakeConfigSection("backends/command",
                hypervisor.config("reboot", hypervisor.vmctl + " on {vm}", "timeout", "5"));
        new CommandBackendFactory().create(config, null).close();
        DeclaredKeys.assertReadAsDeclared(new CommandBackendFactory(), config);
    }

    @Test
    void aMissingCommandOrARelativeProgramIsAConfigurationError() {
        ConfigException missing = assertThrows(ConfigException.class, () -> new CommandBackendFactory()
                .create(new FakeConfigSection("backends/command", "status", "/bin/true"), null));
        assertTrue(missing.getMessage().contains("off"), missing.getMessage());
        ConfigException relative = assertThrows(ConfigException.class, () -> new CommandBackendFactory().create(
                new FakeConfigSection("backends/command", "status", "vmctl status {vm}", "off", "/bin/true",
                        "on", "/bin/true", "list", "/bin/true"), null));
        assertTrue(relative.getMessage().contains("absolute path"), relative.getMessage());
    }

    @Test
    void aCommandThatHangsIsKilledAtItsTimeoutAndTheRequestFails() throws Exception {
        FakeHypervisor hypervisor = new FakeHypervisor(dir);
        try (FenceBackend backend = new CommandBackendFactory().create(new FakeConfigSection("backends/command",
                hypervisor.config("reboot", hypervisor.vmctl + " hang {vm}", "timeout", "1")), null)) {
            assertEquals(FenceResult.FAIL, fence(backend, FenceAction.REBOOT, FakeHypervisor.RUNNING));
        }
    }

    @Test
    void aNameThatIsNotAPlainWordNeverReachesACommand() throws Exception {
        FakeHypervisor hypervisor = new FakeHypervisor(dir);
        Path marker = dir.resolve("touched");
        try (FenceBackend backend = new CommandBackendFactory().create(new FakeConfigSection("backends/command",
                hypervisor.config()), null)) {
            for (String name : new String[] {"vm-run; touch " + marker, "$(touch " + marker + ")", "-rf", "../vm-run",
                    "vm run"}) {
                assertEquals(FenceResult.FAIL, fence(backend, FenceAction.OFF, name), name);
            }
        }
        assertEquals("on", hypervisor.state(FakeHypervisor.RUNNING));
        assertTrue(Files.notExists(marker));
    }

    @Test
    void withoutARebootCommandARebootIsOffThenOn() throws Exception {
        FakeHypervisor hypervisor = new FakeHypervisor(dir);
        try (FenceBackend backend = new CommandBackendFactory().create(new FakeConfigSection("backends/command",
                hypervisor.config()), null)) {
            assertEquals(FenceResult.SUCCESS, fence(backend, FenceAction.REBOOT, FakeHypervisor.STOPPED));
            assertEquals("on", hypervisor.state(FakeHypervisor.STOPPED));
        }
    }
}
