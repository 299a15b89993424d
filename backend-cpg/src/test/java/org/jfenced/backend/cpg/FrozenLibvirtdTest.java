package org.jfenced.backend.cpg;

import static org.jfenced.backend.cpg.Hosts.fence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jfenced.libvirt.PrivateLibvirtd;
import org.jfenced.libvirt.PrivateLibvirtdClass;
import org.jfenced.libvirt.TimedAnswer;
import org.jfenced.spi.FenceAction;
import org.jfenced.spi.FenceResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host 2's libvirtd is a real one, frozen with SIGSTOP: host 2's local actor fails the request stuck in it
 * within 3 s, fails later ones at once, never answers OFF for its VM, and serves again after SIGCONT.
 */
@ExtendWith(PrivateLibvirtdClass.class)
class FrozenLibvirtdTest {

    private static final Logger LOG = LoggerFactory.getLogger(FrozenLibvirtdTest.class);

    @TempDir
    Path dir;

    private final InMemoryGroup group = new InMemoryGroup();
    private final QuorumSwitch quorum = new QuorumSwitch();
    private final List<CpgBackend> backends = new ArrayList<>();
    private PrivateLibvirtd libvirtd;

    @AfterEach
    void stop() throws Exception {
        backends.forEach(CpgBackend::close);
        group.close();
        if (libvirtd != null) {
            libvirtd.close();
        }
    }

    private void start(int node, String uri) throws Exception {
        backends.add(CpgBackend.start(Hosts.settings(uri, Duration.ofSeconds(10)), Hosts.FAST, group.joinerFor(node),
                quorum, request -> { }));
    }

    private TimedAnswer timed(FenceAction action, String vm) {
        return TimedAnswer.of(backends.get(0), action, vm);
    }

    @Test
    void aFrozenLibvirtdOnTheHostOfTheVmFailsTheRequestWithin3SecondsAndNeverSaysOff() throws Exception {
        libvirtd = new PrivateLibvirtd();
        libvirtd.start();
        Path node2 = libvirtd.dir().resolve("node2.xml");
        try (InputStream in = getClass().getResourceAsStream("/hosts/node2.xml")) {
            Files.copy(in, node2);
        }
        start(1, Hosts.uri(dir, 1));
        start(2, libvirtd.uri(node2));
        Hosts.await("host 1 sees host 2's VM", Duration.ofSeconds(20),
                () -> fence(backends.get(0), FenceAction.STATUS, "vm-2a") == FenceResult.SUCCESS);

        libvirtd.freeze();
        TimedAnswer first;
        try {
            first = timed(FenceAction.STATUS, "vm-2a");
            LOG.info("SIGSTOP: host 2's local actor failed the request after {} ms", first.millis());
            assertEquals(FenceResult.FAIL, first.result(), "a frozen libvirtd's VM is never reported OFF");
            assertTrue(first.millis() <= 3000, "the first request after the freeze took " + first.millis() + " ms");
            for (FenceAction action : List.of(FenceAction.STATUS, FenceAction.OFF, FenceAction.REBOOT)) {
                TimedAnswer later = timed(action, "vm-2a");
                assertEquals(FenceResult.FAIL, later.result(), action.toString());
                assertTrue(later.millis() < 1500, action + " took " + later.millis() + " ms");
            }
        } finally {
            libvirtd.thaw();
        }
        Hosts.await("host 2 serves again after SIGCONT", Duration.ofSeconds(20),
                () -> fence(backends.get(0), FenceAction.STATUS, "vm-2a") == FenceResult.SUCCESS);
        assertEquals(FenceResult.SUCCESS, fence(backends.get(0), FenceAction.OFF, "vm-2a"));
        assertEquals(FenceResult.OFF, fence(backends.get(0), FenceAction.STATUS, "vm-2a"));
    }
}
