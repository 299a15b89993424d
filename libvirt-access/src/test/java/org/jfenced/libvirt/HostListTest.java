package org.jfenced.libvirt;

import static org.jfenced.libvirt.TestHosts.A_NAMES_SORTED;
import static org.jfenced.libvirt.TestHosts.A_RUN1_UUID;
import static org.jfenced.libvirt.TestHosts.A_SHARED_UUID;
import static org.jfenced.libvirt.TestHosts.B_NAMES_SORTED;
import static org.jfenced.libvirt.TestHosts.B_SHARED_UUID;
import static org.jfenced.libvirt.TestHosts.hostList;
import static org.jfenced.libvirt.TestHosts.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host list holds every domain of every URI, active or not, sorted by name ignoring case. */
class HostListTest {

    @TempDir
    Path dir;

    @Test
    void listsEveryDomainOfOneHostSortedIgnoringCase() throws Exception {
        try (LibvirtHost backend = TestHosts.connectedBackend(TestHosts.testUri(dir, "node-a.xml"))) {
            List<VmInfo> vms = hostList(backend);
            assertEquals(A_NAMES_SORTED, names(vms));
            assertTrue(vms.contains(new VmInfo("vm-run1", A_RUN1_UUID, VmState.RUNNING)), vms::toString);
            assertEquals(List.of(VmState.RUNNING, VmState.SHUTOFF, VmState.PAUSED, VmState.CRASHED),
                    List.of(state(vms, "vm-run1"), state(vms, "vm-off1"), state(vms, "vm-paused"), state(vms, "vm-crashed")));
        }
    }

    /**
     * fence_virtd overwrote the first URI's entries with the second's and sent empty entries instead
     * (fence_xvm then printed nothing); here both lists are joined and sorted together.
     */
    @Test
    void joinsTheListsOfTwoHostsWithoutEmptyEntries() throws Exception {
        try (LibvirtHost backend = TestHosts.connectedBackend(
                TestHosts.testUri(dir, "node-a.xml"), TestHosts.testUri(dir, "node-b.xml"))) {
            List<VmInfo> vms = hostList(backend);
            List<String> expected = new ArrayList<>(A_NAMES_SORTED);
            expected.addAll(B_NAMES_SORTED);
            expected.sort(String.CASE_INSENSITIVE_ORDER);
            assertEquals(expected, names(vms));
            assertEquals(List.of("Apple", "banana", "Cherry"), names(vms).subList(0, 3), "case is ignored when sorting");
            assertFalse(vms.stream().anyMatch(vm -> vm.name().isEmpty() || vm.uuid().isEmpty()), vms::toString);
            assertTrue(vms.contains(new VmInfo("vm-shared", A_SHARED_UUID, VmState.RUNNING)), vms::toString);
            assertTrue(vms.contains(new VmInfo("vm-shared", B_SHARED_UUID, VmState.SHUTOFF)), vms::toString);
        }
    }

    private static VmState state(List<VmInfo> vms, String name) {
        return vms.stream().filter(vm -> vm.name().equals(name)).findFirst().orElseThrow().state();
    }
}
