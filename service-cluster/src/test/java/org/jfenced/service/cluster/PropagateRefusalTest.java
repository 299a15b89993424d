package org.jfenced.service.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jfenced.spi.AdminReply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --propagate} where it cannot work is refused before anything is written, and commands that have
 * nothing to propagate do not take it.
 */
class PropagateRefusalTest {

    @TempDir
    Path dir;

    private ClusterHost host;

    @BeforeEach
    void clusterOfThree() throws IOException {
        host = ClusterHost.ofThree(dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"addnode pve4 --link0 192.0.2.14 --propagate", "delnode pve3 --propagate"})
    void withoutAClusteredBackendAChangeIsRefusedAndNothingWritten(String command) throws Exception {
        GroupPropagator standalone = new GroupPropagator(ClusterSettings.DEFAULT_GROUP, Optional::empty,
                new OfferReceiver(host.editor), ClusterPlugin.ANSWER_TIMEOUT);
        standalone.start();
        host.propagator = standalone;
        byte[] before = Files.readAllBytes(host.conf);

        AdminReply reply = host.run(command);

        assertEquals(AdminReply.FAILED, reply.exitCode());
        assertEquals("--propagate needs a clustered backend (cpg) on this daemon; this one serves its own host alone,"
                + " so copy the file to the other nodes instead\n", reply.text());
        assertArrayEquals(before, Files.readAllBytes(host.conf));
        assertEquals(List.of("corosync.conf"), host.files());
    }

    @Test
    void beforeTheServiceStartedAChangeIsRefused() throws IOException {
        AdminReply reply = host.run("addnode pve4 --link0 192.0.2.14 --propagate");

        assertEquals("--propagate: the cluster service has not started yet\n", reply.text());
        assertEquals(ClusterHost.golden("addnode.conf"), host.confText());
    }

    @Test
    void createHasNobodyToPropagateTo() throws IOException {
        ClusterHost fresh = ClusterHost.withFakeCorosync(Files.createDirectories(dir.resolve("fresh")));

        AdminReply reply = fresh.run("create demo --propagate");

        assertEquals(AdminReply.USAGE, reply.exitCode());
        assertEquals("create makes a one-node cluster, so --propagate has nobody to reach: copy corosync.conf and the"
                + " authkey to the other hosts once, and use --propagate for later changes; usage:\n"
                + ClusterCommand.USAGE + "\n", reply.text());
        assertFalse(Files.exists(fresh.conf));
    }

    @ParameterizedTest
    @ValueSource(strings = {"keygen --propagate", "expected 3 --propagate", "status --propagate"})
    void commandsThatChangeNoFileDoNotTakeIt(String command) throws IOException {
        AdminReply reply = host.run(command);

        assertEquals(AdminReply.USAGE, reply.exitCode());
        assertEquals("unknown option --propagate; usage:\n" + ClusterCommand.USAGE + "\n", reply.text());
    }
}
