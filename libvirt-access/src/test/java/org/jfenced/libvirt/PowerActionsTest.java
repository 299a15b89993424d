package org.jfenced.libvirt;

import static org.jfenced.libvirt.TestHosts.A_OFF1_UUID;
import static org.jfenced.libvirt.TestHosts.A_RUN1_UUID;
import static org.jfenced.libvirt.TestHosts.fence;
import static org.jfenced.libvirt.TestHosts.listedState;
import static org.jfenced.spi.FenceAction.ON;
import static org.jfenced.spi.FenceAction.REBOOT;
import static org.jfenced.spi.FenceAction.STATUS;
import static org.jfenced.spi.FenceResult.FAIL;
import static org.jfenced.spi.FenceResult.SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceResult;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * off, on and reboot against node-a.xml's VMs. off is a hard power-off (destroy) that succeeds for any
 * known VM and leaves it shut off; on starts a shut-off VM and leaves any other state as it is; reboot
 * destroys the VM, waits until it is down, and starts it again from its saved XML. Each case is one
 * behaviour: the answers its requests must get and the host list's states between them, on a host that
 * starts from the file's states.
 */
class PowerActionsTest {

    /** node-a.xml's VMs in every state but shut off, in the file's order; vm-transient runs too. */
    private static final List<Map.Entry<String, VmState>> ACTIVE = List.of(
            Map.entry("vm-run1", VmState.RUNNING),
            Map.entry("vm-paused", VmState.PAUSED),
            Map.entry("vm-crashed", VmState.CRASHED),
            Map.entry("vm-blocked", VmState.BLOCKED),
            Map.entry("vm-pmsuspended", VmState.PMSUSPENDED),
            Map.entry("vm-nostate", VmState.NOSTATE));

    @TempDir
    Path dir;
    LibvirtHost backend;

    @BeforeEach
    void connect() throws Exception {
        backend = TestHosts.connectedBackend(TestHosts.testUri(dir, "node-a.xml"));
    }

    @AfterEach
    void close() {
        backend.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersAndLeavesTheVmsAsTheCaseSays(Case behaviour) {
        behaviour.steps().forEach(step -> step.accept(backend));
    }

    /**
     * fence_virtd sleeps a whole second before it first checks that the destroyed VM is down; here the
     * first check comes at once. With an hour between checks, a reboot whose destroy takes effect at once
     * can only succeed through that first check: a wait for the next one would end in the request's
     * deadline (FAIL), and a first check that found the VM still up would give up at once, an hour being
     * past the reboot's 15-second limit (FAIL).
     */
    @Test
    @DisplayName("reboot checks that the VM is down right after the destroy, without waiting")
    void checksThatTheVmIsDownRightAfterTheDestroy() throws Exception {
        try (LibvirtHost hourlyChecks = new LibvirtHost(List.of(TestHosts.testUri(dir, "node-a.xml")), TestHosts.FAST,
                LibvirtHost.REQUEST_DEADLINE, Duration.ofHours(1))) {
            assertTrue(hourlyChecks.pool().awaitAllUp(Duration.ofSeconds(10)), () -> "not connected: " + hourlyChecks.health());

            assertEquals(SUCCESS, fence(hourlyChecks, REBOOT, "vm-run2"));
            assertEquals(VmState.RUNNING, listedState(hourlyChecks, "vm-run2"), "started again");
        }
    }

    static Stream<Case> cases() {
        return Stream.of(off(), on(), reboot()).flatMap(List::stream);
    }

    private static List<Case> off() {
        List<Case> cases = new ArrayList<>();
        for (Map.Entry<String, VmState> vm : ACTIVE) {
            cases.add(behaviour("off powers off " + named(vm) + ", and status then answers OFF")
                    .answers(FenceAction.OFF, vm.getKey(), SUCCESS)
                    .lists(vm.getKey(), VmState.SHUTOFF)
                    .answers(STATUS, vm.getKey(), FenceResult.OFF));
        }
        cases.add(behaviour("off succeeds for a VM that is already shut off and leaves it off")
                .answers(FenceAction.OFF, "vm-off1", SUCCESS)
                .lists("vm-off1", VmState.SHUTOFF));
        cases.add(behaviour("off succeeds again when it is repeated")
                .answers(FenceAction.OFF, "vm-run2", SUCCESS)
                .answers(FenceAction.OFF, "vm-run2", SUCCESS));
        cases.add(behaviour("off makes a transient VM disappear, and status then answers OFF")
                .answers(FenceAction.OFF, "vm-transient", SUCCESS)
                .listsNo("vm-transient")
                .answers(STATUS, "vm-transient", FenceResult.OFF));
        cases.add(behaviour("off finds the VM by its UUID in upper case")
                .answers(FenceAction.OFF, upper(A_RUN1_UUID), SUCCESS)
                .lists("vm-run1", VmState.SHUTOFF));
        cases.add(behaviour("off fails for an unknown VM and for a name in the wrong case, and powers nothing off")
                .answers(FenceAction.OFF, "no-such-vm", FAIL)
                .answers(FenceAction.OFF, "VM-RUN1", FAIL)
                .lists("vm-run1", VmState.RUNNING));
        return cases;
    }

    private static List<Case> on() {
        List<Case> cases = new ArrayList<>();
        cases.add(behaviour("on starts a shut-off VM, and status then answers that it is on")
                .answers(ON, "vm-off1", SUCCESS)
                .lists("vm-off1", VmState.RUNNING)
                .answers(STATUS, "vm-off1", SUCCESS));
        cases.add(behaviour("on finds the VM by its UUID in upper case")
                .answers(ON, upper(A_OFF1_UUID), SUCCESS)
                .lists("vm-off1", VmState.RUNNING));
        List<Map.Entry<String, VmState>> notShutOff = new ArrayList<>(ACTIVE);
        notShutOff.add(Map.entry("vm-transient", VmState.RUNNING));
        for (Map.Entry<String, VmState> vm : notShutOff) {
            cases.add(behaviour("on succeeds without acting for " + named(vm) + ", and leaves it so")
                    .answers(ON, vm.getKey(), SUCCESS)
                    .lists(vm.getKey(), vm.getValue()));
        }
        cases.add(behaviour("on brings back a VM that was fenced off")
                .answers(FenceAction.OFF, "vm-run1", SUCCESS)
                .answers(ON, "vm-run1", SUCCESS)
                .lists("vm-run1", VmState.RUNNING));
        cases.add(behaviour("on fails for an unknown VM and for a name in the wrong case")
                .answers(ON, "no-such-vm", FAIL)
                .answers(ON, "VM-OFF1", FAIL));
        return cases;
    }

    private static List<Case> reboot() {
        List<Case> cases = new ArrayList<>();
        for (Map.Entry<String, VmState> vm : ACTIVE) {
            cases.add(behaviour("reboot of " + named(vm) + " succeeds and ends with it running")
                    .answers(REBOOT, vm.getKey(), SUCCESS)
                    .lists(vm.getKey(), VmState.RUNNING));
        }
        cases.add(behaviour("reboot keeps a persistent VM persistent: destroyed afterwards, it stays defined")
                .answers(REBOOT, "vm-run1", SUCCESS)
                .answers(FenceAction.OFF, "vm-run1", SUCCESS)
                .lists("vm-run1", VmState.SHUTOFF));
        cases.add(behaviour("reboot recreates a transient VM from its XML, still transient: gone once destroyed")
                .answers(REBOOT, "vm-transient", SUCCESS)
                .lists("vm-transient", VmState.RUNNING)
                .answers(FenceAction.OFF, "vm-transient", SUCCESS)
                .listsNo("vm-transient"));
        cases.add(behaviour("reboot succeeds for a shut-off VM and leaves it off, not powered on (fence-agents PR #500)")
                .answers(REBOOT, "vm-off1", SUCCESS)
                .lists("vm-off1", VmState.SHUTOFF));
        cases.add(behaviour("reboot finds the VM by its UUID in upper case")
                .answers(REBOOT, upper(A_RUN1_UUID), SUCCESS)
                .lists("vm-run1", VmState.RUNNING));
        cases.add(behaviour("reboot fails for an unknown VM")
                .answers(REBOOT, "no-such-vm", FAIL));
        return cases;
    }

    private static String named(Map.Entry<String, VmState> vm) {
        return vm.getKey() + " (" + vm.getValue().name().toLowerCase(Locale.ROOT) + ")";
    }

    private static String upper(String uuid) {
        return uuid.toUpperCase(Locale.ROOT);
    }

    private static Case behaviour(String name) {
        return new Case(name, List.of());
    }

    /** A behaviour's name and its steps in order: requests with the answer each must get, and host-list checks. */
    record Case(String name, List<Consumer<LibvirtHost>> steps) {

        Case answers(FenceAction action, String target, FenceResult expected) {
            return then(host -> assertEquals(expected, fence(host, action, target), action + " " + target));
        }

        Case lists(String vm, VmState state) {
            return then(host -> assertEquals(state, listedState(host, vm), "listed state of " + vm));
        }

        Case listsNo(String vm) {
            return then(host -> assertNull(listedState(host, vm), vm + " is still listed"));
        }

        private Case then(Consumer<LibvirtHost> step) {
            List<Consumer<LibvirtHost>> more = new ArrayList<>(steps);
            more.add(step);
            return new Case(name, List.copyOf(more));
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
