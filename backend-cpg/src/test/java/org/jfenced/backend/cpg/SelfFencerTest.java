package org.jfenced.backend.cpg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jfenced.libvirt.LibvirtHost;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceRequest;
import org.jfenced.spi.VmInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host cut off from the quorate part of its cluster destroys its VMs in scope and starts none. */
class SelfFencerTest {

    @TempDir
    Path dir;

    private LibvirtHost libvirt;
    private SelfFencer fencer;
    private final List<String> announced = new CopyOnWriteArrayList<>();
    /** What the daemon's journal would get: each self-fence with its result. */
    private final List<String> recorded = new CopyOnWriteArrayList<>();

    @BeforeEach
    void hostThree() throws Exception {
        libvirt = new LibvirtHost(List.of(Hosts.uri(dir, 3)), Hosts.FAST);
        libvirt.pool().awaitAllUp(Duration.ofSeconds(10));
        fencer = new SelfFencer(new SelfFenceSettings(true, "vm-3.*", Duration.ofSeconds(5)), libvirt, false,
                request -> announced.add(request.action() + " " + request.target()),
                (request, result, detail) -> recorded.add(request.action() + " " + result + ": " + detail));
    }

    @AfterEach
    void close() {
        fencer.close();
        libvirt.close();
    }

    private Map<String, Boolean> running() throws Exception {
        return libvirt.hostList().toCompletableFuture().get(10, TimeUnit.SECONDS).stream()
                .collect(Collectors.toMap(VmInfo::name, vm -> vm.state().isOn()));
    }

    @Test
    void whileQuorateNothingHappens() throws Exception {
        fencer.update(true, "quorate");
        Thread.sleep(300);
        assertEquals(Map.of("vm-3a", true, "vm-3b", false, "shared", true, "cold", false, "vm-3t", true), running());
        assertFalse(fencer.refusesStarts());
        assertFalse(fencer.status().cutOff());
    }

    @Test
    void cutOffItDestroysTheRunningVmsInScopeWithinItsTimeoutAnnouncesEachAndRefusesStarts() throws Exception {
        long start = System.nanoTime();
        fencer.update(false, "not quorate, 1 of 3 votes");
        assertTrue(fencer.refusesStarts());
        Hosts.await("vm-3a and vm-3t destroyed", Duration.ofSeconds(5), () -> {
            try {
                Map<String, Boolean> on = running();
                // vm-3t is transient: destroyed, it is gone
                return !on.get("vm-3a") && !on.getOrDefault("vm-3t", false);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        System.out.println("self-fenced 2 VMs in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertTrue(running().get("shared"), "outside self_fence_vms: left running");
        Hosts.await("both recorded", Duration.ofSeconds(5), () -> fencer.status().destroyed().size() == 2);
        assertEquals(List.of("vm-3a", "vm-3t"), fencer.status().destroyed().stream().sorted().toList());
        assertEquals(2, announced.size(), announced.toString());
        assertTrue(announced.stream().allMatch(a -> a.startsWith("OFF ")), announced.toString());
        Hosts.await("both in the journal", Duration.ofSeconds(5), () -> recorded.size() == 2);
        assertEquals(List.of("OFF SUCCESS: self-fence of \"vm-3a\": this host is cut off (not quorate, 1 of 3 votes)",
                "OFF SUCCESS: self-fence of \"vm-3t\": this host is cut off (not quorate, 1 of 3 votes)"),
                recorded.stream().sorted().toList());
        assertTrue(fencer.status().describe().contains("not quorate since"), fencer.status().describe());

        fencer.update(true, "quorate again");
        assertFalse(fencer.refusesStarts());
    }

    @Test
    void aVmStartedWhileCutOffIsDestroyedToo() throws Exception {
        fencer.update(false, "corosync lost");
        Hosts.await("vm-3a destroyed", Duration.ofSeconds(5), () -> fencer.status().destroyed().contains("vm-3a"));
        libvirt.fence(new FenceRequest(FenceAction.ON, "vm-3b", "test", 1, "test"))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        Hosts.await("vm-3b destroyed again", Duration.ofSeconds(5), () -> fencer.status().destroyed().contains("vm-3b"));
    }

    @Test
    void withSelfFenceOffNothingIsDestroyedAndStartsAreAllowed() throws Exception {
        fencer.close();
        fencer = new SelfFencer(new SelfFenceSettings(false, "", Duration.ofSeconds(5)), libvirt, false, r -> { });
        fencer.update(false, "not quorate");
        Thread.sleep(300);
        assertTrue(running().get("vm-3a"));
        assertFalse(fencer.refusesStarts());
    }

    @Test
    void onlyATestDriverHostSharesTheDaemonsConnection() {
        assertFalse(SelfFencer.ownConnectionSeesTheSameHost(List.of("test:///tmp/node3.xml")));
        assertFalse(SelfFencer.ownConnectionSeesTheSameHost(List.of("qemu:///system", "test+unix:///x?socket=/s")));
        assertTrue(SelfFencer.ownConnectionSeesTheSameHost(List.of("qemu:///system", "qemu+ssh://h/system")));
    }
}
