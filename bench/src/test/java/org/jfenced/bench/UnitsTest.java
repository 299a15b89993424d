package org.jfenced.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.jfenced.spi.VmInfo;
import org.jfenced.spi.VmState;
import org.junit.jupiter.api.Test;

/** The generator's small parts: mix, budget, sequence numbers, VM dealing, percentiles, /proc tables. */
class UnitsTest {

    @Test
    void aPortCountsAsListeningOnlyInListenStateAsTheLocalPort() {
        List<String> table = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:6A3D 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1",
                "   1: 0100007F:9C40 0100007F:6A3E 01 00000000:00000000 00:00000000 00000000     0        0 2 1");
        assertTrue(ListeningPort.listsListener(table.stream(), 0x6A3D));
        assertFalse(ListeningPort.listsListener(table.stream(), 0x6A3E), "a remote port is not ours");
        assertFalse(ListeningPort.listsListener(table.stream(), 0x9C40), "an established socket does not listen");
        assertFalse(ListeningPort.listsListener(Stream.of(), 0x6A3D));
    }

    @Test
    void theTableIsReadOnlyAsFarAsItsListeningSockets() {
        Stream<String> table = Stream.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:9C40 0100007F:6A3E 06 00000000:00000000 03:00000F5D 00000000     0        0 0 3",
                "   1: 0100007F:6A3D 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1");
        java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();
        assertFalse(ListeningPort.listsListener(table.peek(line -> read.incrementAndGet()), 0x6A3D));
        assertEquals(2, read.get(), "the header and the first TIME_WAIT line, nothing after them");
    }

    @Test
    void mixParsesWeightsAndMissingPartsWeighNothing() {
        assertEquals(new Mix(80, 20), Mix.parse("status:80,offon:20"));
        assertEquals(new Mix(0, 3), Mix.parse("offon:3"));
        assertFalse(Mix.parse("status:1").hasCycles());
        assertThrows(IllegalArgumentException.class, () -> Mix.parse("reboot:5"));
        assertThrows(IllegalArgumentException.class, () -> Mix.parse("status:0"));
        assertThrows(IllegalArgumentException.class, () -> Mix.parse("status=5"));
    }

    @Test
    void mixChoosesCyclesInProportion() {
        Mix mix = new Mix(3, 1);
        SplittableRandom random = new SplittableRandom(42);
        int cycles = 0;
        for (int i = 0; i < 40_000; i++) {
            cycles += mix.nextIsCycle(random) ? 1 : 0;
        }
        assertTrue(cycles > 9_000 && cycles < 11_000, "cycles: " + cycles);
    }

    @Test
    void requestBudgetHandsOutExactlyItsCountAndNeverHalfACycle() {
        Budget b = Budget.forRequests(5);
        assertTrue(b.take(2));
        assertTrue(b.take(2));
        assertFalse(b.take(2));
        assertTrue(b.take(1));
        assertFalse(b.take(1));
    }

    @Test
    void seqnosAreUniqueAndWrapAt32Bits() {
        Seqnos s = new Seqnos(0xffff_fffeL);
        assertEquals(0xffff_fffeL, s.next());
        assertEquals(0xffff_ffffL, s.next());
        assertEquals(0L, s.next());
    }

    @Test
    void vmsAreDealtSoThatNoTwoClientsShareOne() {
        List<VmInfo> vms = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            vms.add(new VmInfo("vm-" + i, "u" + i, i == 4 ? VmState.SHUTOFF : VmState.RUNNING));
        }
        ClientTargets first = ClientTargets.deal(vms, 0, 3);
        ClientTargets second = ClientTargets.deal(vms, 1, 3);
        assertEquals(List.of("vm-0", "vm-3", "vm-6", "vm-0"), statusTargets(first, 4));
        assertEquals(List.of("vm-1", "vm-4", "vm-1"), statusTargets(second, 3));
        assertEquals("vm-1", second.nextCycleTarget().name(), "a shut-off VM is never cycled");
        assertEquals("vm-1", second.nextCycleTarget().name());
    }

    @Test
    void aClientWithoutRunningVmsDoesNotCycle() {
        List<VmInfo> vms = List.of(new VmInfo("a", "u", VmState.RUNNING), new VmInfo("b", "v", VmState.SHUTOFF));
        assertTrue(ClientTargets.deal(vms, 0, 2).canCycle());
        assertFalse(ClientTargets.deal(vms, 1, 2).canCycle());
        assertEquals(2, ClientTargets.expectedStatus(vms.get(1)));
        assertEquals(0, ClientTargets.expectedStatus(new VmInfo("p", "w", VmState.PAUSED)));
    }

    @Test
    void percentilesAreNearestRank() {
        LatencySamples s = new LatencySamples();
        for (int i = 100; i >= 1; i--) {
            s.add(i * 1000L);
        }
        LatencySamples.Percentiles p = s.percentiles();
        assertEquals(50_000, p.at(50));
        assertEquals(90_000, p.at(90));
        assertEquals(99_000, p.at(99));
        assertEquals(100_000, p.max());
        assertEquals(50_500, p.mean());
        assertEquals(0, new LatencySamples().percentiles().at(50));
    }

    @Test
    void failuresAreSortedByKind() {
        Outcomes o = new Outcomes();
        o.failed(new java.net.ConnectException("refused"));
        o.failed(new java.net.SocketTimeoutException("slow"));
        o.failed(new java.io.EOFException("gone"));
        o.failed(new FenceTcpClient.ProtocolException("bad"));
        o.failed(new java.net.SocketException("reset"));
        assertEquals(List.of("closed-early", "connect", "io-SocketException", "protocol", "timeout"),
                List.copyOf(o.errors().keySet()));
        assertEquals(5, o.errorCount());
    }

    private static List<String> statusTargets(ClientTargets t, int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(t.nextStatusTarget().name());
        }
        return names;
    }
}
